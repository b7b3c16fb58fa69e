/** Reports: medians and ratios, markdown tables, latency percentile plots, raw histograms and the results index. */
package io.panamax.lab.report;
