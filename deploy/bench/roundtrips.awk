# Round trips between the service and PostgreSQL, from `tcpdump -r FILE -nn -tt -x` (plain awk, mawk is fine).
#   awk -v pg_port=55432 -v listener=PORT -v statements=FILE -f roundtrips.awk
# FILE: the server log's statements of the capture as "CLIENT_PORT<tab>execute NAME: SQL" (names are per
# connection).
# A round trip is a maximal run of client->server packets carrying data that follows server->client data on
# the same connection: the service sent, then had to wait for PostgreSQL before sending again. Statements
# pipelined in one run therefore count once. Pure ACKs carry no data and are ignored.
# Counted: every connection that sent data during the two requests but the stock-events LISTEN connection
# (`listener`), which is listed, not counted. Connections whose statements name an order table are labelled so.
# The PostgreSQL protocol is decoded only to label the summary: message types per direction, and the SQL
# (Parse/Query text, or for a Bind the prepared statement's text from the log_statement capture).
# Prints the summary; the last line is "TOTAL <round trips> <counted connections> <round trips with a Parse>"
# (a Parse means a statement was prepared on that connection for the first time: not the steady state).

BEGIN {
  for (i = 0; i < 16; i++) hexv[substr("0123456789abcdef", i + 1, 1)] = i
  for (i = 32; i < 127; i++) chr[i] = sprintf("%c", i)
  # (client port, prepared statement name) -> SQL, from the server log's "execute NAME: SQL" lines.
  while (statements != "" && (getline line < statements) > 0) {
    port = line; sub(/\t.*/, "", port); sub(/^[^\t]*\t/, "", line)
    if (match(line, /^execute [^:<]+: /)) sql[port, substr(line, 9, RLENGTH - 10)] = substr(line, RLENGTH + 1)
  }
}

function flush_packet() {
  if (plen > 0) packet()
  plen = 0; nhex = 0
}

# Header: 1764312345.123456 IP 127.0.0.1.43210 > 127.0.0.1.55432: Flags [P.], seq 1:100, ..., length 99
/^[0-9]+\.[0-9]+ IP / {
  flush_packet()
  ts = $1 + 0; if (t0 == "") t0 = ts
  src = $3; dst = $5; sub(/:$/, "", dst)
  sp = src; sub(/.*\./, "", sp); dp = dst; sub(/.*\./, "", dp)
  if (dp == pg_port) { conn = sp; dir = "C" } else { conn = dp; dir = "S" }
  plen = $NF + 0
  if (!(conn in seen)) { seen[conn] = 1; order[++nconn] = conn; last[conn] = "S"; rt[conn] = 0 }
  if ($0 ~ /Flags \[S/) untyped[conn, "C"] = 1     # a new connection: its StartupMessage has no type byte
  next
}
# Hex lines: "\t0x0010:  4500 0097 ..." - the whole IP packet; the TCP payload is its last plen bytes.
/^[ \t]+0x[0-9a-f]+:/ {
  for (i = 2; i <= NF; i++) for (j = 1; j < length($i); j += 2)
    hex[++nhex] = hexv[substr($i, j, 1)] * 16 + hexv[substr($i, j + 1, 1)]
  next
}
END {
  flush_packet()
  report()
}

function packet(   k, key) {
  key = conn SUBSEP dir
  if (dir == "C") {
    cpk[conn]++; cby[conn] += plen
    if (last[conn] != "C") { rt[conn]++; rts[conn, rt[conn]] = ts }
    last[conn] = "C"
  } else {
    spk[conn]++; sby[conn] += plen
    last[conn] = "S"
  }
  cur = conn SUBSEP rt[conn] SUBSEP dir        # round trip 0 = server data before the first send here
  bytes[cur] += plen; pkts[cur]++
  for (k = nhex - plen + 1; k <= nhex; k++) feed(key, hex[k])
}

# One byte of a direction's message stream: type (1 byte, not on a StartupMessage), length (4), body.
function feed(key, b) {
  if (rem[key] > 0) {
    rem[key]--
    if (cap[key] && length(txt[key]) < 4000) txt[key] = txt[key] (b == 0 ? "\001" : b == 9 || b == 10 || b == 13 ? " " : (b in chr ? chr[b] : "."))
    if (rem[key] == 0) endmsg(key)
    return
  }
  if (hn[key] == 0) {
    # The answer to an SSLRequest is one byte, 'N' or 'S', with no length.
    if (sslwait[key]) { sslwait[key] = 0; types[cur] = types[cur] (types[cur] == "" ? "" : " ") "ssl:" chr[b]; return }
    if (untyped[key]) { untyped[key] = 0; mt[key] = "startup"; hn[key] = 2; hl[key] = b; return }
    mt[key] = (b in chr) ? chr[b] : "?"; hn[key] = 1; hl[key] = 0; return
  }
  hl[key] = hl[key] * 256 + b
  if (++hn[key] == 5) {
    hn[key] = 0; rem[key] = hl[key] - 4
    # An 8-byte untyped message is an SSLRequest (or GSSENCRequest): the real StartupMessage follows.
    if (mt[key] == "startup" && hl[key] == 8) { mt[key] = "sslrequest"; untyped[key] = 1; sslwait[conn, "S"] = 1 }
    cap[key] = (dir == "C" && (mt[key] == "P" || mt[key] == "Q" || mt[key] == "B")); txt[key] = ""
    types[cur] = types[cur] (types[cur] == "" ? "" : " ") mt[key]
    if (rem[key] == 0) endmsg(key)
  }
}

# Parse: name\0 query\0 ...; Query: query\0; Bind: portal\0 statement\0 ...
function endmsg(key,   f, n, s) {
  if (!cap[key]) return
  cap[key] = 0
  n = split(txt[key], f, "\001")
  if (mt[key] == "Q") s = f[1]
  else if (mt[key] == "P") s = (f[1] == "" ? "" : f[1] ": ") f[2]
  else s = ((conn, f[2]) in sql) ? f[2] ": " sql[conn, f[2]] : "statement " (f[2] == "" ? "<unnamed>" : f[2])
  if (mt[key] == "P") parsed[cur] = 1
  gsub(/  +/, " ", s)
  if (tolower(s) ~ /[ (]order(s|_items|_counters|_allocations)([ (]|$)/) named[conn] = 1
  sqlof[cur] = sqlof[cur] (sqlof[cur] == "" ? "" : " | ") mt[key] "> " substr(s, 1, 90)
}

# Types as "B E S" -> "B E S"; runs of one type are shortened: "D D D" -> "D x3".
function squeeze(s,   a, n, i, out, run) {
  n = split(s, a, " "); out = ""; run = 1
  for (i = 1; i <= n; i++) {
    if (i < n && a[i + 1] == a[i]) { run++; continue }
    out = out (out == "" ? "" : " ") a[i] (run > 1 ? " x" run : ""); run = 1
  }
  return out
}

function report(   c, i, n, total, counted, label, k, any) {
  # Nothing else uses the pool during the two requests (the user is cached), so every connection that sent
  # data counts but the listener: naming an order table is not enough, since a statement prepared earlier
  # travels by name only, and a long one is cut in the capture before its table names.
  for (i = 1; i <= nconn; i++) if (cpk[order[i]] && order[i] != listener) orders[order[i]] = 1
  printf "Round trips between the service and PostgreSQL (port %s) during one create + confirm.\n", pg_port
  printf "A round trip: a run of client->server data packets after server->client data on that connection.\n"
  printf "Message types: client P Parse, B Bind, D Describe, E Execute, S Sync, Q Query, C Close, H Flush;\n"
  printf "server 1 ParseComplete, 2 BindComplete, 3 CloseComplete, t ParameterDescription, T RowDescription,\n"
  printf "D DataRow, n NoData, C CommandComplete, Z ReadyForQuery, A NotificationResponse, E Error.\n\n"
  for (i = 1; i <= nconn; i++) {
    c = order[i]
    label = (c == listener) ? "the stock-events LISTEN connection" : (named[c] ? "named an order table" : "sent statements")
    counted = orders[c] ? "counted" : "not counted"
    printf "connection 127.0.0.1:%s (%s; %s): client %d packets / %d bytes, server %d packets / %d bytes, %d round trips\n",
      c, label, counted, cpk[c], cby[c], spk[c], sby[c], rt[c]
    k = c SUBSEP 0 SUBSEP "S"
    if (pkts[k]) printf "  before any send: S->C %d B [%s]\n", bytes[k], squeeze(types[k])
    for (n = 1; n <= rt[c]; n++) {
      k = c SUBSEP n SUBSEP "C"
      printf "  #%-2d %9.3f ms  C->S %5d B [%s]  %s\n", n, (rts[c, n] - t0) * 1000, bytes[k], squeeze(types[k]), sqlof[k]
      k = c SUBSEP n SUBSEP "S"
      printf "      %12s  S->C %5d B [%s]\n", "", bytes[k], squeeze(types[k])
    }
    if (orders[c]) { total += rt[c]; nc++; for (n = 1; n <= rt[c]; n++) if (parsed[c SUBSEP n SUBSEP "C"]) np++ }
  }
  if (nconn == 0) print "no packets captured"
  printf "\nround trips per create + confirm: %d, over %d connection(s) that carried the order's statements", total, nc
  printf "; %d of them prepare a statement (Parse)\n", np
  printf "TOTAL %d %d %d\n", total, nc, np
}
