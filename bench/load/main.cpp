// session-bench — a load generator for Socket.IO v4 servers (session-agent, or any server that
// answers the benchmark's Events the same way).
//
// It speaks Engine.IO v4 / Socket.IO v5 as a client, over WebSocket (opened directly) or HTTP
// long-polling, joins the default namespace with auth {"token":"<prefix>-<i>"}, and sends
//   42<ackId>["message",{"id":"b<conn>-<seq>","type":"bench.echo","data":{"pad":"..."}}]
// A round trip is complete when both the ack (43<ackId>[{"ok":true,...}]) and the echoed Event
// (42["message",{..."id":"b<conn>-<seq>"...}]) have arrived. Modes:
//   closed  each connection keeps --inflight Events in flight
//   open    --rate Events/s in all, on a fixed schedule (latency from the scheduled time)
//   idle    holds --connections connections for --duration s; memory per connection
//   storm   connect, join, close, again, --connect-concurrency at a time; handshakes/s
// Server processes named with --pid are measured from /proc over the measured window.
//
// Built to stay out of the way: one thread, epoll, hand-written client framing, no JSON DOM,
// no allocation per message. Pin it to its own core (taskset) away from the server.
//
// Output: one line of JSON on stdout, a summary on stderr. Exit status: 0 when the run had no
// errors and every connection connected, 1 otherwise (the reason on stderr), 2 for a bad
// command line.
//
//   session-agent --port 3555 &
//   session-bench --url http://127.0.0.1:3555 --mode closed --connections 100 --inflight 8 --pid $!
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>

#include "net.hpp"
#include "options.hpp"
#include "report.hpp"
#include "runner.hpp"

int main(int argc, char** argv) {
  const bench::CommandLine command = bench::parseCommandLine(argc, argv);
  if (!command.run) return command.exitCode;
  std::signal(SIGPIPE, SIG_IGN);  // a write to a closed socket is an error code, not a signal
  // Each connection is one descriptor (two for polling): take everything the hard limit allows.
  const long files = bench::net::raiseFileLimit();
  const auto needed = static_cast<long>(command.options.connections) *
                      (command.options.transportKind == bench::TransportKind::polling ? 2 : 1);
  if (files > 0 && needed + 16 > files) {
    std::cerr << "session-bench: warning: " << needed << " sockets needed, the file limit is "
              << files << "\n";
  }
  try {
    bench::Runner runner(command.options);
    const bench::Report report = runner.run();
    std::cout << bench::toJson(report) << std::endl;
    std::cerr << bench::toSummary(report);
    if (!report.failure.empty()) {
      std::cerr << "session-bench: FAILED: " << report.failure << "\n";
      return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "session-bench: " << e.what() << "\n";
    return 1;
  }
}
