// attachSessionHub + SocketIoChannelSender: a SocketIoServer (driven through its engine with the
// in-memory fakes) feeding a SessionHub, the way session-agent wires them.
#include <libsession/json.hpp>
#include <libsession/session_hub.hpp>
#include <libsession/socket_io_server.hpp>

#include <catch2/catch.hpp>

#include "engine_io_driver.hpp"
#include "manual_event_loop.hpp"
#include "test_printers.hpp"

#include <map>

using namespace libsession;
using namespace libsession::testing;
using namespace std::chrono_literals;

namespace {

// The agent's default authenticator: auth.token is the participant; no token, no entry.
void tokenAuthenticator(const ConnectRequest& request, std::function<void(AuthDecision)> done) {
  const Value* token = request.auth.find("token");
  if (token == nullptr || !token->isString() || token->asString()->empty()) {
    return done(AuthDecision::refuse("missing auth.token"));
  }
  done(AuthDecision::accept(ParticipantId(*token->asString())));
}

struct AgentFixture {
  AgentFixture() : server(loop, {}), sender(server), hub(loop, sender), driver(server.engine(), &loop) {
    server.of("/").setAuthenticator(tokenAuthenticator);
    attachSessionHub(hub, server.of("/"));
    hub.onSessionStarted([this](const SessionInfo& info) { ++started[info.channel]; });
    hub.onSessionEnded([this](const SessionInfo& info, std::string_view reason) {
      ++ended[info.channel];
      endReason[info.channel] = std::string(reason);
    });
  }

  struct Client {
    std::shared_ptr<FakeWebSocket> ws;
    ChannelId channel;
    std::vector<std::string> events() {
      std::vector<std::string> out;
      for (auto& frame : ws->takeSent()) {
        if (frame.bytes.rfind("42", 0) == 0) out.push_back(frame.bytes.substr(2));
      }
      return out;
    }
  };

  Client connect(const std::string& token, HttpHeaders headers = {}) {
    auto [ws, sid] = driver.openWebSocket(std::move(headers));
    ws->receive(R"(40{"token":)" + toJson(Value(token)) + "}");
    const auto frames = ws->takeSent();
    REQUIRE(frames.size() == 1);
    Value data;
    REQUIRE_FALSE(parseJson(std::string_view(frames[0].bytes).substr(2), data));
    REQUIRE(data.find("sid") != nullptr);
    return Client{ws, ChannelId(*data.find("sid")->asString())};
  }

  ManualEventLoop loop;
  SocketIoServer server;
  SocketIoChannelSender sender;
  SessionHub hub;
  EngineIoDriver driver;
  std::map<ChannelId, int> started;
  std::map<ChannelId, int> ended;
  std::map<ChannelId, std::string> endReason;
};

}  // namespace

TEST_CASE("hub+socketio: three connections of one participant, routing, proxy flag",
          "[hub][socketio]") {
  AgentFixture f;
  auto a1 = f.connect("alice");
  auto a2 = f.connect("alice", {{"x-proxy-message", "1"}});
  auto a3 = f.connect("alice", {{"X-Proxy-Message", ""}});  // present but empty: not a proxy
  auto b1 = f.connect("bob");

  CHECK(f.hub.connectionCount() == 4);
  CHECK(f.hub.participantCount() == 2);
  CHECK(f.hub.sessionsOf(ParticipantId("alice")).size() == 3);
  REQUIRE(f.hub.find(a1.channel) != nullptr);
  CHECK_FALSE(f.hub.find(a1.channel)->proxy);
  CHECK(f.hub.find(a2.channel)->proxy);
  CHECK_FALSE(f.hub.find(a3.channel)->proxy);
  CHECK(f.hub.find(a1.channel)->session.str().rfind("alice_", 0) == 0);
  CHECK(f.hub.find(a1.channel)->session != f.hub.find(a2.channel)->session);

  CHECK(f.hub.emitToParticipant(ParticipantId("alice"), "note", {"hi"}) == 3);
  for (auto* client : {&a1, &a2, &a3}) CHECK(client->events() == std::vector<std::string>{R"(["note","hi"])"});
  CHECK(b1.events().empty());

  CHECK(f.hub.emitToChannel(b1.channel, "direct", {Value::binary("\x01", 1)}));
  // A binary argument travels as an attachment: BINARY_EVENT header, then the bytes.
  const auto frames = b1.ws->takeSent();
  REQUIRE(frames.size() == 2);
  CHECK(frames[0].bytes == R"(451-["direct",{"_placeholder":true,"num":0}])");
  CHECK(frames[1].binary);
  CHECK(a1.events().empty());
}

TEST_CASE("hub+socketio: refused and anonymous sockets get no session", "[hub][socketio]") {
  AgentFixture f;
  auto [ws, sid] = f.driver.openWebSocket();
  ws->receive("40");
  CHECK(ws->takeSent().at(0).bytes == R"(44{"message":"missing auth.token"})");
  CHECK(f.hub.connectionCount() == 0);

  // A namespace without an authenticator has no participants: the hub ignores it.
  f.server.of("/open");
  attachSessionHub(f.hub, f.server.of("/open"));
  ws->receive("40/open,");
  CHECK(ws->takeSent().at(0).bytes.rfind("40/open,{", 0) == 0);
  CHECK(f.hub.connectionCount() == 0);
}

TEST_CASE("hub+socketio: every way a socket ends ends its session exactly once",
          "[hub][socketio]") {
  AgentFixture f;
  auto leaves = f.connect("p1");
  auto drops = f.connect("p1");
  auto kicked = f.connect("p2");
  auto kickedHard = f.connect("p2");
  auto silent = f.connect("p3");
  auto survivor = f.connect("p4");
  REQUIRE(f.hub.connectionCount() == 6);

  leaves.ws->receive("41");
  drops.ws->disconnect();
  f.server.find(kicked.channel)->disconnect();
  f.server.find(kickedHard.channel)->disconnect(true);
  f.loop.advance(25000ms);  // t = 25 s: ping
  survivor.ws->receive("3");  // the survivor answers; the silent one does not
  f.loop.advance(20000ms);  // t = 45 s: the silent one times out
  f.loop.runPending();

  CHECK(f.endReason[leaves.channel] == "client namespace disconnect");
  CHECK(f.endReason[drops.channel] == "transport close");
  CHECK(f.endReason[kicked.channel] == "server namespace disconnect");
  CHECK(f.endReason[kickedHard.channel] == "server namespace disconnect");
  CHECK(f.endReason[silent.channel] == "ping timeout");
  CHECK(f.hub.connectionCount() == 1);
  CHECK(f.hub.find(survivor.channel) != nullptr);

  f.server.closeAll();
  f.loop.runPending();
  CHECK(f.endReason[survivor.channel] == "server shutting down");
  CHECK(f.hub.connectionCount() == 0);
  CHECK(f.hub.participantCount() == 0);
  for (auto* client : {&leaves, &drops, &kicked, &kickedHard, &silent, &survivor}) {
    INFO(client->channel.str());
    CHECK(f.started[client->channel] == 1);
    CHECK(f.ended[client->channel] == 1);
  }
}
