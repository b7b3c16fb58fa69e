/** Running a matrix: servers up on free ports, rows in alternation over rounds, progress, clean interruption. */
package io.panamax.lab.run;
