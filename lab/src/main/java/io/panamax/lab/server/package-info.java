/** Server processes under test: launch templates, start on free ports, readiness, CPU time, clean stop. */
package io.panamax.lab.server;
