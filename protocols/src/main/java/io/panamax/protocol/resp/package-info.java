/** RESP2/RESP3: the request decoder, the reply encoder, the command table and command handlers. */
package io.panamax.protocol.resp;
