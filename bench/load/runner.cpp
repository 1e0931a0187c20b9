// bench/load/runner.cpp — see runner.hpp.
#include "runner.hpp"

#include <algorithm>
#include <cstdio>

namespace bench {
namespace {

constexpr std::int64_t kSecond = 1'000'000'000;
constexpr std::int64_t kMillisecond = 1'000'000;
constexpr std::int64_t kHardDeadlineSlack = 30 * kSecond;
constexpr std::int64_t kDrainTimeout = 5 * kSecond;    // in-flight Events after the window
constexpr std::int64_t kCloseTimeout = 2 * kSecond;    // the server finishing a close
constexpr std::int64_t kLongestWait = 100 * kMillisecond;  // timeouts are swept this often
constexpr std::uint32_t kOpenLoopMaxOutstanding = 1000;    // per connection; beyond: skipped
constexpr std::size_t kMaxBacklogBytes = 4 << 20;          // queued, unwritten, per connection
constexpr std::size_t kMaxMessageBytes = 2 << 20;          // largest frame / body accepted
constexpr std::size_t kScratchBytes = 256 << 10;
constexpr std::size_t kPollEvents = 1024;
constexpr int kMaxSendsPerTurn = 16384;  // open loop: catching up never starves the reads
constexpr std::size_t kMaxErrorSamples = 8;
constexpr std::size_t kMaxSampleBytes = 200;

std::int64_t seconds(double s) { return static_cast<std::int64_t>(s * 1e9); }

std::string secondsText(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%g s", s);
  return text;
}

std::uint64_t ringSizeFor(std::uint64_t outstanding) {
  std::uint64_t size = 16;
  while (size < 2 * outstanding) size <<= 1;  // room for stragglers before a slot is reused
  return size;
}

std::string clip(std::string_view text) {
  return std::string(text.substr(0, kMaxSampleBytes)) + (text.size() > kMaxSampleBytes ? "..." : "");
}

bool handshaking(Stage s) {
  return s == Stage::handshaking || s == Stage::opening || s == Stage::joining;
}

}  // namespace

Runner::Runner(const Options& options)
    : o_(options),
      events_(options.payloadBytes, static_cast<std::size_t>(options.connections)),
      pollEvents_(kPollEvents) {}

bool Runner::setUp(std::string& error) {
  ctx_.poller = &poller_;
  ctx_.sink = this;
  ctx_.host = o_.host + ":" + std::to_string(o_.port);
  ctx_.path = o_.path;
  ctx_.maxMessageBytes = kMaxMessageBytes;
  ctx_.scratch.resize(kScratchBytes);
  ctx_.rng ^= static_cast<std::uint64_t>(net::nowNs());
  if (!net::resolveIpv4(o_.host, o_.port, ctx_.server, error)) return false;
  if (!o_.sourceAddresses.empty() &&
      !net::parseAddressList(o_.sourceAddresses, ctx_.sources, error)) {
    return false;
  }
  transport_ = o_.transportKind == TransportKind::polling ? makePollingTransport(ctx_)
                                                          : makeWebSocketTransport(ctx_);
  const std::size_t slots = o_.modeKind == Mode::storm
                                ? static_cast<std::size_t>(o_.connectConcurrency)
                                : static_cast<std::size_t>(o_.connections);
  conns_.resize(slots);
  maxOutstanding_ = o_.modeKind == Mode::closed ? static_cast<std::uint32_t>(o_.inflight)
                                                : kOpenLoopMaxOutstanding;
  const bool sendsEvents = o_.modeKind == Mode::closed || o_.modeKind == Mode::open;
  for (std::size_t i = 0; i < conns_.size(); ++i) {
    Connection& c = conns_[i];
    c.index = static_cast<std::uint32_t>(i);
    if (sendsEvents) {
      c.ring.resize(ringSizeFor(maxOutstanding_));
      c.ringMask = c.ring.size() - 1;
    }
  }
  return true;
}

Report Runner::run() {
  now_ = net::nowNs();
  hardDeadline_ = now_ + seconds(o_.warmupS + o_.durationS) + kHardDeadlineSlack;
  for (pid_t pid : o_.pids) baseline_.push_back(sampleProcess(pid));  // before any connection

  std::string error;
  if (setUp(error)) {
    switch (o_.modeKind) {
      case Mode::closed:
      case Mode::open: runLoad(); break;
      case Mode::idle: runIdle(); break;
      case Mode::storm: runStorm(); break;
    }
  } else {
    recordError(error);
  }
  if (deadlineHit_) recordError("the hard deadline (warmup + duration + 30 s) was reached");
  for (Connection& c : conns_) {
    if (c.stage != Stage::idle) transport_->abort(c);
  }
  Report r;
  buildReport(r);
  return r;
}

// ---- phases ---------------------------------------------------------------------------------

void Runner::connectAll() {
  const std::int64_t deadline = now_ + seconds(o_.connectTimeoutS);
  const auto concurrency = static_cast<std::uint64_t>(o_.connectConcurrency);
  std::size_t next = 0;
  runUntil(
      deadline, [&] { return next >= conns_.size() && handshaking_ == 0; },
      [&] {
        while (handshaking_ < concurrency && next < conns_.size()) openConnection(conns_[next++]);
      });
  std::uint64_t unfinished = conns_.size() - next;
  for (Connection& c : conns_) {
    if (handshaking(c.stage)) {
      transport_->abort(c);
      --handshaking_;
      ++unfinished;
    }
  }
  if (unfinished > 0) {
    recordError(std::to_string(unfinished) + " connections not connected by the connect deadline (" +
                secondsText(o_.connectTimeoutS) + ")");
    errors_ += unfinished - 1;
  }
}

void Runner::runLoad() {
  connectAll();
  if (connected_ == 0 || deadlineHit_) return;
  sending_ = true;
  if (o_.modeKind == Mode::open) {
    intervalNs_ = 1e9 / o_.rate;
    origin_ = nextDue_ = now_;
  } else {
    for (std::uint32_t index : readyList_) {
      for (int i = 0; i < o_.inflight; ++i) sendEvent(conns_[index], now_);
    }
  }
  runUntil(now_ + seconds(o_.warmupS));
  beginWindow();
  runUntil(windowStart_ + seconds(o_.durationS));
  endWindow();
  sending_ = false;
  runUntil(now_ + kDrainTimeout, [this] { return outstandingTotal_ == 0; }, [] {});
  if (outstandingTotal_ > 0 && !deadlineHit_) {
    lost_ += outstandingTotal_;
    recordError(std::to_string(outstandingTotal_) +
                " Events never completed (ack and echo) within 5 s after the window");
    errors_ += outstandingTotal_ - 1;
  }
  closeAll();
}

void Runner::runIdle() {
  connectAll();
  beginWindow();
  runUntil(windowStart_ + seconds(o_.durationS));
  endWindow();
  closeAll();
}

void Runner::runStorm() {
  for (std::size_t i = conns_.size(); i > 0; --i) freeSlots_.push_back(static_cast<std::uint32_t>(i - 1));
  std::int64_t nextSweep = now_ + kLongestWait;
  auto tick = [&] {
    // Slots freed while starting (a synchronous failure) wait for the next turn.
    for (std::size_t n = freeSlots_.size(); n > 0 && !freeSlots_.empty(); --n) {
      const std::uint32_t slot = freeSlots_.back();
      freeSlots_.pop_back();
      openConnection(conns_[slot]);
    }
    if (now_ >= nextSweep) {
      sweepStorm();
      nextSweep = now_ + kLongestWait;
    }
  };
  const auto never = [] { return false; };
  runUntil(now_ + seconds(o_.warmupS), never, tick);
  beginWindow();
  runUntil(windowStart_ + seconds(o_.durationS), never, tick);
  endWindow();
  // Handshakes still under way are not counted either way; closes are given time to finish.
  countHandshakeErrors_ = false;
  for (Connection& c : conns_) {
    if (handshaking(c.stage)) {
      transport_->abort(c);
      --handshaking_;
    }
  }
  runUntil(now_ + kCloseTimeout, [this] { return closing_ == 0; }, [] {});
}

void Runner::closeAll() {
  countHandshakeErrors_ = false;
  for (Connection& c : conns_) {
    if (c.stage == Stage::ready) {
      closeConnection(c);
    } else if (handshaking(c.stage)) {
      transport_->abort(c);
      --handshaking_;
    }
  }
  runUntil(now_ + kCloseTimeout, [this] { return closing_ == 0; }, [] {});
}

void Runner::beginWindow() {
  now_ = net::nowNs();
  windowStart_ = now_;
  atStart_.clear();
  for (pid_t pid : o_.pids) atStart_.push_back(sampleProcess(pid));
  ownCpuStart_ = ownCpuSeconds();
  measuring_ = true;
}

void Runner::endWindow() {
  measuring_ = false;
  windowEnd_ = std::max(now_, windowStart_);
  ownCpuEnd_ = ownCpuSeconds();
  atEnd_.clear();
  for (pid_t pid : o_.pids) atEnd_.push_back(sampleProcess(pid));
}

// ---- the loop -------------------------------------------------------------------------------

template <typename Done, typename Tick>
void Runner::runUntil(std::int64_t until, Done done, Tick tick) {
  while (!deadlineHit_ && now_ < until && !done()) {
    tick();
    if (o_.modeKind == Mode::open) sendDue();
    std::int64_t wake = std::min(until, now_ + kLongestWait);
    if (o_.modeKind == Mode::open && sending_) wake = std::min(wake, nextDue_);
    pump(wake);
    if (now_ >= hardDeadline_) deadlineHit_ = true;
  }
}

void Runner::runUntil(std::int64_t until) {
  runUntil(until, [] { return false; }, [] {});
}

void Runner::pump(std::int64_t wakeNs) {
  flushDirty();
  // Anything flushed may already have an answer: never sleep with work queued.
  const std::int64_t timeout = ctx_.dirty.empty() ? wakeNs - now_ : 0;
  const int n = poller_.wait(pollEvents_, timeout);
  now_ = net::nowNs();
  for (int i = 0; i < n; ++i) {
    const epoll_event& e = pollEvents_[static_cast<std::size_t>(i)];
    const PollTarget target = decodePollData(e.data.u64);
    if (target.index >= conns_.size()) continue;
    Connection& c = conns_[target.index];
    // An event for a socket closed (and perhaps replaced) earlier in this batch is stale.
    if (!matches(c.channels[static_cast<std::size_t>(target.channel)], target)) continue;
    transport_->onIo(c, target.channel, e.events);
  }
  flushDirty();
}

void Runner::flushDirty() {
  for (std::size_t i = 0; i < ctx_.dirty.size(); ++i) {
    Connection& c = conns_[ctx_.dirty[i]];
    c.dirty = false;
    if (c.stage != Stage::idle) transport_->flush(c);
  }
  ctx_.dirty.clear();
}

void Runner::openConnection(Connection& c) {
  c.stageSinceNs = now_;
  c.outstanding = 0;
  c.nextSequence = 0;
  for (InFlight& slot : c.ring) slot.live = false;
  ++handshaking_;
  transport_->open(c);  // a failure comes back through onClosed at once
}

void Runner::closeConnection(Connection& c) {
  transport_->close(c);
  if (c.stage == Stage::closing) {
    ++closing_;
    c.stageSinceNs = now_;
  }
}

void Runner::sweepStorm() {
  const std::int64_t handshakeLimit = seconds(o_.connectTimeoutS);
  for (Connection& c : conns_) {
    if (handshaking(c.stage) && now_ - c.stageSinceNs > handshakeLimit) {
      transport_->fail(c, "handshake not completed within " + secondsText(o_.connectTimeoutS));
    } else if (c.stage == Stage::closing && now_ - c.stageSinceNs > kCloseTimeout) {
      transport_->fail(c, "the server did not complete the close within 2 s");
    }
  }
}

// ---- packets --------------------------------------------------------------------------------

void Runner::onPacket(Connection& c, std::string_view p) {
  if (p.empty()) return transport_->fail(c, "empty Engine.IO packet");
  switch (p[0]) {
    case '4':  // message: a Socket.IO packet
      return onSocketIo(c, p.substr(1));
    case '2':  // ping: Engine.IO v4 has the server ping and the client answer
      return transport_->send(c, "3");
    case '0':  // open: join the default namespace with the benchmark's auth
      if (c.stage == Stage::opening) {
        transport_->send(c, wire::connectPacket(o_.tokenPrefix, c.index));
        c.stage = Stage::joining;
      }
      return;
    case '1':
      return transport_->fail(c, "the server closed the Engine.IO session");
    case '3':
    case '5':
    case '6':
      return;
    default:
      return transport_->fail(c, "unknown Engine.IO packet: " + clip(p));
  }
}

void Runner::onSocketIo(Connection& c, std::string_view p) {
  if (p.empty()) return;
  switch (p[0]) {
    case '0':  // CONNECT answered: 40{"sid":"..."}
      if (c.stage == Stage::joining) {
        c.stage = Stage::ready;
        onReady(c);
      }
      return;
    case '4':  // CONNECT_ERROR
      return transport_->fail(c, "namespace CONNECT refused: " + clip(p.substr(1)));
    case '1':  // DISCONNECT
      return transport_->fail(c, "the server disconnected the socket");
    case '2':
      return onEcho(c, p);
    case '3':
      return onAck(c, p);
    default:
      return;
  }
}

void Runner::onReady(Connection& c) {
  --handshaking_;
  const std::int64_t handshakeNs = now_ - c.stageSinceNs;
  if (o_.modeKind == Mode::storm) {
    if (measuring_) {
      ++handshakes_;
      latency_.record(handshakeNs);
    }
    closeConnection(c);
    return;
  }
  ++connected_;
  readyList_.push_back(c.index);
  if (o_.modeKind == Mode::idle) latency_.record(handshakeNs);
}

void Runner::onAck(Connection& c, std::string_view p) {
  wire::AckReply ack;
  if (!wire::parseAck(p, ack)) return recordError("an ack the benchmark cannot match: " + clip(p));
  if (ack.ok) return complete(c, ack.ackId, kGotAck);
  // Refused: no echo will follow, so the Event is over (and an error).
  recordError("Event refused: " + clip(ack.error.empty() ? p : ack.error));
  if (InFlight* slot = findInFlight(c, ack.ackId)) release(c, *slot);
}

void Runner::onEcho(Connection& c, std::string_view p) {
  wire::BenchId id;
  if (!wire::findBenchId(p, id)) {
    ++otherEvents_;  // some other event: not ours to count
    return;
  }
  if (id.connection != c.index) {
    return recordError("the echo of b" + std::to_string(id.connection) + "-" +
                       std::to_string(id.sequence) + " arrived on connection " +
                       std::to_string(c.index));
  }
  complete(c, id.sequence, kGotEcho);
}

InFlight* Runner::findInFlight(Connection& c, std::uint64_t sequence) {
  if (c.ring.empty()) return nullptr;
  InFlight& slot = c.ring[sequence & c.ringMask];
  return slot.live && slot.sequence == sequence ? &slot : nullptr;
}

void Runner::complete(Connection& c, std::uint64_t sequence, std::uint8_t part) {
  InFlight* slot = findInFlight(c, sequence);
  const char* what = part == kGotAck ? "ack" : "echo";
  if (slot == nullptr || (slot->got & part) != 0) {
    return recordError(std::string(slot == nullptr ? "an " : "a second ") + what + " for b" +
                       std::to_string(c.index) + "-" + std::to_string(sequence) +
                       (slot == nullptr ? ", which is not in flight" : ""));
  }
  slot->got = static_cast<std::uint8_t>(slot->got | part);
  if (slot->got != (kGotAck | kGotEcho)) return;
  if (measuring_) {
    ++messages_;
    latency_.record(now_ - slot->sentNs);
  }
  release(c, *slot);
}

void Runner::release(Connection& c, InFlight& slot) {
  slot.live = false;
  --c.outstanding;
  --outstandingTotal_;
  if (o_.modeKind == Mode::closed && sending_) sendEvent(c, now_);
}

bool Runner::sendEvent(Connection& c, std::int64_t sentNs) {
  if (c.stage != Stage::ready || c.outstanding >= maxOutstanding_) return false;
  InFlight& slot = c.ring[c.nextSequence & c.ringMask];
  if (slot.live) return false;  // a straggler still holds the slot
  if (transport_->backlog(c) > kMaxBacklogBytes) return false;
  slot.sequence = c.nextSequence++;
  slot.sentNs = sentNs;
  slot.got = 0;
  slot.live = true;
  ++c.outstanding;
  ++outstandingTotal_;
  transport_->send(c, events_.format(c.index, slot.sequence));
  return true;
}

void Runner::sendDue() {
  if (!sending_ || readyList_.empty()) return;
  for (int budget = kMaxSendsPerTurn; nextDue_ <= now_ && budget > 0; --budget) {
    Connection& c = conns_[readyList_[roundRobin_++ % readyList_.size()]];
    // Latency counts from when the Event was due, not when it went out (no coordinated omission).
    if (!sendEvent(c, nextDue_) && measuring_) ++skipped_;
    ++scheduled_;
    nextDue_ = origin_ + static_cast<std::int64_t>(static_cast<double>(scheduled_) * intervalNs_);
  }
}

void Runner::onClosed(Connection& c, Stage was, std::string_view error) {
  switch (was) {
    case Stage::handshaking:
    case Stage::opening:
    case Stage::joining:
      --handshaking_;
      if (countHandshakeErrors_) recordError("connection " + std::to_string(c.index) + ": " + clip(error));
      break;
    case Stage::ready: {
      const auto at = std::find(readyList_.begin(), readyList_.end(), c.index);
      if (at != readyList_.end()) {
        *at = readyList_.back();
        readyList_.pop_back();
      }
      if (!error.empty()) {
        ++dropped_;
        recordError("connection " + std::to_string(c.index) + " dropped: " + clip(error));
      }
      lost_ += c.outstanding;
      outstandingTotal_ -= c.outstanding;
      c.outstanding = 0;
      break;
    }
    case Stage::closing:
      --closing_;
      if (o_.modeKind == Mode::storm && !error.empty()) {
        recordError("closing connection " + std::to_string(c.index) + ": " + clip(error));
      }
      break;
    case Stage::idle:
      break;
  }
  if (o_.modeKind == Mode::storm) freeSlots_.push_back(c.index);
}

void Runner::recordError(std::string text) {
  ++errors_;
  if (errorSamples_.size() < kMaxErrorSamples) errorSamples_.push_back(std::move(text));
}

// ---- the report -----------------------------------------------------------------------------

void Runner::buildReport(Report& r) const {
  r.label = o_.label;
  r.mode = o_.mode;
  r.transport = o_.transport;
  const bool load = o_.modeKind == Mode::closed || o_.modeKind == Mode::open;
  const bool storm = o_.modeKind == Mode::storm;
  r.connections = storm ? o_.connectConcurrency : o_.connections;
  if (o_.modeKind == Mode::closed) r.inflight = o_.inflight;
  if (o_.modeKind == Mode::open) r.rate = o_.rate;
  r.durationS = static_cast<double>(windowEnd_ - windowStart_) / 1e9;
  r.messages = messages_;
  r.messagesPerS = r.durationS > 0 ? static_cast<double>(messages_) / r.durationS : 0;
  r.errors = errors_;
  r.errorSamples = errorSamples_;
  const auto ms = [](std::int64_t ns) { return static_cast<double>(ns) / 1e6; };
  r.latencyMs = LatencyReport{ms(latency_.percentile(50)), ms(latency_.percentile(90)),
                              ms(latency_.percentile(99)), ms(latency_.percentile(99.9)),
                              ms(latency_.max())};
  r.handshakes = handshakes_;
  if (storm) r.handshakesPerS = r.durationS > 0 ? static_cast<double>(handshakes_) / r.durationS : 0;
  r.connected = storm ? handshakes_ : connected_;
  r.dropped = dropped_;
  r.skipped = skipped_;
  r.lost = lost_;

  // CPU per unit of work: a round trip, or a handshake in a storm.
  const std::uint64_t units = storm ? handshakes_ : messages_;
  const auto perUnit = [units](double cpuS) -> std::optional<double> {
    if (units == 0) return std::nullopt;
    return cpuS * 1e6 / static_cast<double>(units);
  };
  double cpuTotal = 0;
  long rssGrowthKb = 0;
  const bool sampled = atStart_.size() == o_.pids.size() && atEnd_.size() == o_.pids.size();
  for (std::size_t i = 0; i < o_.pids.size(); ++i) {
    PidReport p;
    p.pid = o_.pids[i];
    const ProcSample& base = baseline_[i];
    p.rssBaselineKb = base.rssKb;
    if (!sampled || !base.ok || !atStart_[i].ok || !atEnd_[i].ok) {
      p.error = !base.ok ? base.error
                : !sampled ? "not sampled: the run ended before its measured window"
                : !atStart_[i].ok ? atStart_[i].error
                                  : atEnd_[i].error;
      r.pids.push_back(p);
      continue;
    }
    p.cpuSeconds = atEnd_[i].cpuSeconds - atStart_[i].cpuSeconds;
    p.cpuUsPerMessage = perUnit(p.cpuSeconds);
    p.rssKb = atEnd_[i].rssKb;
    p.hwmKb = atEnd_[i].hwmKb;
    cpuTotal += p.cpuSeconds;
    rssGrowthKb += p.rssKb - p.rssBaselineKb;
    r.pids.push_back(p);
  }
  if (!o_.pids.empty()) r.cpuUsPerMessageTotal = perUnit(cpuTotal);
  // Per connection held (all C of them in a run that passes).
  if (o_.modeKind == Mode::idle && !o_.pids.empty() && connected_ > 0) {
    r.rssPerConnectionBytes = static_cast<double>(rssGrowthKb) * 1024.0 / static_cast<double>(connected_);
  }
  r.benchCpuS = ownCpuEnd_ - ownCpuStart_;
  r.benchCpuUsPerMessage = perUnit(r.benchCpuS);

  // The exit status: every condition that makes the figures untrustworthy.
  std::vector<std::string> problems;
  if (deadlineHit_) problems.push_back("the hard deadline was reached");
  if (errors_ > 0) problems.push_back(std::to_string(errors_) + " errors");
  if (!storm && connected_ < static_cast<std::uint64_t>(o_.connections)) {
    problems.push_back("only " + std::to_string(connected_) + " of " +
                       std::to_string(o_.connections) + " connections connected");
  }
  if (dropped_ > 0) problems.push_back(std::to_string(dropped_) + " connections dropped");
  if (storm && handshakes_ == 0) problems.push_back("no handshake completed");
  if (load && messages_ == 0) problems.push_back("no round trip completed");
  for (const auto& p : problems) r.failure += (r.failure.empty() ? "" : "; ") + p;
}

}  // namespace bench
