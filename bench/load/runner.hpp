// bench/load/runner.hpp — runs one benchmark: the connections, the load of the chosen mode, the
// measured window, and the Report.
//
// Phases: connect (C connections, K handshakes at a time, one deadline for all) → warmup (load,
// not measured) → measured window → drain (no new Events; what is in flight may complete) →
// close. idle replaces the load with holding the connections; storm replaces everything with
// handshake after handshake on K slots. A hard deadline (warmup + duration + 30 s) bounds the
// whole run. One thread: the runner owns the poller and calls the transport from its loop.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "connection.hpp"
#include "histogram.hpp"
#include "net.hpp"
#include "options.hpp"
#include "proc_stats.hpp"
#include "report.hpp"
#include "transport.hpp"
#include "wire.hpp"

namespace bench {

class Runner final : public TransportSink {
public:
  explicit Runner(const Options& options);
  Report run();

  void onPacket(Connection& c, std::string_view packet) override;
  void onClosed(Connection& c, Stage was, std::string_view error) override;

private:
  bool setUp(std::string& error);
  void runLoad();
  void runIdle();
  void runStorm();
  void connectAll();
  void closeAll();
  void beginWindow();
  void endWindow();

  /// Turns the loop until `until`, the hard deadline, or done() is true; tick() runs at the
  /// start of every turn.
  template <typename Done, typename Tick>
  void runUntil(std::int64_t until, Done done, Tick tick);
  void runUntil(std::int64_t until);
  /// One turn: flush, wait for readiness (at most until `wakeNs`), dispatch, flush.
  void pump(std::int64_t wakeNs);
  void flushDirty();

  void openConnection(Connection& c);
  void closeConnection(Connection& c);
  void onSocketIo(Connection& c, std::string_view packet);
  void onReady(Connection& c);
  void onAck(Connection& c, std::string_view packet);
  void onEcho(Connection& c, std::string_view packet);
  InFlight* findInFlight(Connection& c, std::uint64_t sequence);
  void complete(Connection& c, std::uint64_t sequence, std::uint8_t part);
  void release(Connection& c, InFlight& slot);
  bool sendEvent(Connection& c, std::int64_t sentNs);
  void sendDue();
  void sweepStorm();
  void recordError(std::string text);
  void buildReport(Report& r) const;

  const Options& o_;
  net::Poller poller_;
  TransportContext ctx_;
  std::unique_ptr<Transport> transport_;
  wire::EventWriter events_;
  std::vector<Connection> conns_;
  std::vector<epoll_event> pollEvents_;
  std::vector<std::uint32_t> readyList_;  // connections in stage ready (open-loop round robin)
  std::vector<std::uint32_t> freeSlots_;  // storm: slots to start the next handshake on

  std::int64_t now_ = 0;
  std::int64_t hardDeadline_ = 0;
  bool deadlineHit_ = false;
  bool sending_ = false;          // closed/open: Events may go out
  bool measuring_ = false;        // inside the measured window
  bool countHandshakeErrors_ = true;
  std::uint32_t maxOutstanding_ = 0;

  // Open loop: Event k is due at origin + k / rate.
  std::int64_t origin_ = 0;
  std::int64_t nextDue_ = 0;
  double intervalNs_ = 0;
  std::uint64_t scheduled_ = 0;
  std::uint64_t roundRobin_ = 0;

  std::uint64_t handshaking_ = 0;  // handshakes in flight
  std::uint64_t closing_ = 0;      // closes in flight
  std::uint64_t outstandingTotal_ = 0;
  std::uint64_t messages_ = 0, errors_ = 0, skipped_ = 0, dropped_ = 0, lost_ = 0;
  std::uint64_t handshakes_ = 0, connected_ = 0, otherEvents_ = 0;
  std::vector<std::string> errorSamples_;
  Histogram latency_;

  std::int64_t windowStart_ = 0, windowEnd_ = 0;
  std::vector<ProcSample> baseline_, atStart_, atEnd_;
  double ownCpuStart_ = 0, ownCpuEnd_ = 0;
  std::string setupError_;
};

}  // namespace bench
