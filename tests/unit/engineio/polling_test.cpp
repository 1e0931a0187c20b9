// EngineIoServer: HTTP long-polling (reference-server-behaviour.md §1.5, §1.6, §3).
#include "engine_fixture.hpp"

using namespace libsession;
using namespace libsession::testing;

namespace {

std::string join(const std::vector<std::string>& packets) {
  std::string out;
  for (const auto& p : packets) {
    if (!out.empty()) out += engineio::kRecordSeparator;
    out += p;
  }
  return out;
}

}  // namespace

TEST_CASE("engineio: a held poll is answered when the application sends", "[engineio][polling]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  auto poll = f.client.get(sid);
  CHECK_FALSE(poll->responded());  // no server-side timeout on a pending poll

  f.loop.advance(1000ms);
  CHECK_FALSE(poll->responded());

  f.onlySession()->send("hello");
  REQUIRE(poll->responded());
  CHECK(poll->status() == 200);
  CHECK(poll->body() == "4hello");
  CHECK(poll->header("Content-Type") == std::optional<std::string>("text/plain; charset=UTF-8"));
  CHECK(poll->header("Cache-Control") == std::optional<std::string>("no-store"));
}

TEST_CASE("engineio: messages sent between polls go out together, in order",
          "[engineio][polling]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  auto session = f.onlySession();
  session->send("a");
  session->send("b");
  session->send(std::string("\x01\x02\x03", 3), /*binary=*/true);
  session->send("d");

  auto poll = f.client.get(sid);
  REQUIRE(poll->responded());
  CHECK(poll->body() == join({"4a", "4b", "bAQID", "4d"}));
}

TEST_CASE("engineio: send(vector) keeps a packet and its attachments together",
          "[engineio][polling]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  f.onlySession()->send(std::vector<engineio::Packet>{
      {engineio::PacketType::message, R"(51-["x",{"_placeholder":true,"num":0}])", false},
      {engineio::PacketType::message, "hi", true}});
  CHECK(f.client.get(sid)->body() ==
        join({R"(451-["x",{"_placeholder":true,"num":0}])", "baGk="}));
}

TEST_CASE("engineio: more than maxPacketsPerPoll packets are split over several polls",
          "[engineio][polling]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  auto session = f.onlySession();
  for (int i = 0; i < 20; ++i) session->send("m" + std::to_string(i));

  auto first = f.client.get(sid);
  REQUIRE(first->responded());
  const auto firstPackets = splitPayload(first->body());
  CHECK(firstPackets.size() == 16);

  auto second = f.client.get(sid);
  REQUIRE(second->responded());
  const auto secondPackets = splitPayload(second->body());
  CHECK(secondPackets.size() == 4);

  std::vector<std::string> all(firstPackets);
  all.insert(all.end(), secondPackets.begin(), secondPackets.end());
  REQUIRE(all.size() == 20);
  for (int i = 0; i < 20; ++i) CHECK(all[static_cast<std::size_t>(i)] == "4m" + std::to_string(i));

  auto third = f.client.get(sid);
  CHECK_FALSE(third->responded());
}

TEST_CASE("engineio: maxPacketsPerPoll is an option", "[engineio][polling]") {
  EngineIoOptions options;
  options.maxPacketsPerPoll = 3;
  EngineFixture f(options);
  const std::string sid = f.client.handshake();
  for (int i = 0; i < 7; ++i) f.onlySession()->send(std::to_string(i));
  CHECK(f.client.get(sid)->body() == join({"40", "41", "42"}));
  CHECK(f.client.get(sid)->body() == join({"43", "44", "45"}));
  CHECK(f.client.get(sid)->body() == "46");
}

TEST_CASE("engineio: binary messages go out as b + base64 on polling", "[engineio][polling]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  auto poll = f.client.get(sid);
  f.onlySession()->send(std::string("\x00\xff\x10", 3), /*binary=*/true);
  CHECK(poll->body() == "bAP8Q");
}

TEST_CASE("engineio: POST delivers the messages and answers ok as text/html",
          "[engineio][polling]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  auto post = f.client.post(sid, join({"4one", "4two", "bAQID", "6"}));
  REQUIRE(post->responded());
  CHECK(post->status() == 200);
  CHECK(post->body() == "ok");
  CHECK(post->header("Content-Type") == std::optional<std::string>("text/html"));
  CHECK(post->header("Cache-Control") == std::optional<std::string>("no-store"));

  REQUIRE(f.handler.messages.size() == 3);
  CHECK(f.handler.messages[0].packet == engineio::Packet{engineio::PacketType::message, "one", false});
  CHECK(f.handler.messages[1].packet == engineio::Packet{engineio::PacketType::message, "two", false});
  CHECK(f.handler.messages[2].packet ==
        engineio::Packet{engineio::PacketType::message, std::string("\x01\x02\x03", 3), true});
  CHECK(f.onlySession()->isOpen());
}

TEST_CASE("engineio: POST Content-Type is not required, except octet-stream is refused",
          "[engineio][polling]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  CHECK(f.client.post(sid, "4a", {})->body() == "ok");
  CHECK(f.client.post(sid, "4b", {{"Content-Type", "text/plain"}})->body() == "ok");
  CHECK(f.handler.messageData(sid) == std::vector<std::string>{"a", "b"});

  auto poll = f.client.get(sid);
  auto post = f.client.post(sid, "4c", {{"Content-Type", "application/octet-stream"}});
  REQUIRE(post->responded());
  CHECK(post->status() == 400);
  CHECK(post->body().empty());
  CHECK(f.handler.closeReason(sid) == "transport error");
  CHECK(f.handler.closeCount(sid) == 1);
  CHECK(f.handler.messageData(sid) == std::vector<std::string>{"a", "b"});
  // The pending poll is released with the close packet.
  REQUIRE(poll->responded());
  CHECK(poll->body() == "1");
  checkJsonError(*f.client.get(sid), 400, 1, "Session ID unknown");
}

TEST_CASE("engineio: POST over maxHttpBufferSize → 413, data dropped, session kept",
          "[engineio][polling][limits]") {
  EngineIoOptions options;
  options.maxHttpBufferSize = 100;
  EngineFixture f(options);
  const std::string sid = f.client.handshake();

  auto exact = f.client.post(sid, "4" + std::string(99, 'a'));
  CHECK(exact->status() == 200);

  auto big = f.client.post(sid, "4" + std::string(100, 'b'));
  REQUIRE(big->responded());
  CHECK(big->status() == 413);
  CHECK(big->body().empty());

  CHECK(f.handler.messageData(sid) == std::vector<std::string>{std::string(99, 'a')});
  CHECK(f.onlySession()->isOpen());
  CHECK(f.handler.closed.empty());
  CHECK(f.client.post(sid, "4after")->body() == "ok");
  CHECK(f.handler.messageData(sid).back() == "after");
}

TEST_CASE("engineio: a POST body that does not parse → 200 ok, session closed 'parse error'",
          "[engineio][polling]") {
  for (const std::string& body : {std::string("9abc"), std::string(), std::string("4ok\x1e" "x")}) {
    INFO(testing::quoteBytes(body));
    EngineFixture f;
    const std::string sid = f.client.handshake();
    auto post = f.client.post(sid, body);
    REQUIRE(post->responded());
    CHECK(post->status() == 200);
    CHECK(post->body() == "ok");
    CHECK(f.handler.closeReason(sid) == "parse error");
    CHECK(f.handler.closeCount(sid) == 1);
    CHECK_FALSE(f.onlySession()->isOpen());
  }
}

TEST_CASE("engineio: POST 1 closes with 'transport close' and releases the pending poll with 6",
          "[engineio][polling][close]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  auto poll = f.client.get(sid);
  auto post = f.client.post(sid, "1");

  REQUIRE(poll->responded());
  CHECK(poll->status() == 200);
  CHECK(poll->body() == "6");
  REQUIRE(post->responded());
  CHECK(post->body() == "ok");
  CHECK(f.handler.closeReason(sid) == "transport close");
  CHECK(f.handler.closeCount(sid) == 1);
  CHECK(f.server.sessionCount() == 0);
  checkJsonError(*f.client.get(sid), 400, 1, "Session ID unknown");

  // Nothing left running for the dead session.
  f.loop.advance(100000ms);
  CHECK(f.handler.closeCount(sid) == 1);
}

TEST_CASE("engineio: messages before a 1 in the same POST are delivered, later ones are not",
          "[engineio][polling][close]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  f.client.post(sid, join({"4before", "1", "4after"}));
  CHECK(f.handler.messageData(sid) == std::vector<std::string>{"before"});
  CHECK(f.handler.closeReason(sid) == "transport close");
}

TEST_CASE("engineio: a second concurrent poll → 400 and the session closes 'transport error'",
          "[engineio][polling][errors]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  auto first = f.client.get(sid);
  REQUIRE_FALSE(first->responded());
  auto second = f.client.get(sid);

  REQUIRE(second->responded());
  CHECK(second->status() == 400);
  CHECK(second->body().empty());
  CHECK_FALSE(second->header("Content-Type").has_value());

  REQUIRE(first->responded());
  CHECK(first->status() == 200);
  CHECK(first->body() == "1");

  CHECK(f.handler.closeReason(sid) == "transport error");
  CHECK(f.handler.closeCount(sid) == 1);
  checkJsonError(*f.client.get(sid), 400, 1, "Session ID unknown");
}

TEST_CASE("engineio: messages an application handler sends while handling a POST reach the poll",
          "[engineio][polling]") {
  EngineFixture f;
  f.handler.messageHook = [](EngineIoSession& session, const engineio::Packet& packet) {
    session.send("echo:" + packet.data);
  };
  const std::string sid = f.client.handshake();
  auto poll = f.client.get(sid);
  f.client.post(sid, join({"4a", "4b"}));
  REQUIRE(poll->responded());
  // The first echo answers the held poll at once; the second waits for the next one.
  CHECK(poll->body() == "4echo:a");
  CHECK(f.client.get(sid)->body() == "4echo:b");
}

TEST_CASE("engineio: engine-level packets a client may POST are not delivered as messages",
          "[engineio][polling]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  CHECK(f.client.post(sid, join({"6", "5", "0", "4x"}))->body() == "ok");
  CHECK(f.handler.messageData(sid) == std::vector<std::string>{"x"});
  CHECK(f.onlySession()->isOpen());
}

TEST_CASE("engineio: what onOpen sends goes out after the open packet, on the next poll",
          "[engineio][polling][handshake]") {
  EngineFixture f;
  f.handler.openHook = [](const std::shared_ptr<EngineIoSession>& session) {
    session->send("welcome");
  };
  auto handshake = f.client.http("GET", "EIO=4&transport=polling");
  const auto packets = splitPayload(handshake->body());
  REQUIRE(packets.size() == 1);  // nothing but the open packet in the handshake response
  const std::string sid = parseOpenPacket(packets.front()).sid;
  CHECK(f.client.get(sid)->body() == "4welcome");
}

TEST_CASE("engineio: the goodbye poll respects maxPacketsPerPoll too", "[engineio][polling][close]") {
  // python-engineio drops a connection whose poll response holds more than 16 packets; the
  // option's contract is "most packets sent in one long-polling response".
  EngineIoOptions options;
  options.maxPacketsPerPoll = 3;
  EngineFixture f(options);
  const std::string sid = f.client.handshake();
  auto session = f.onlySession();
  for (int i = 0; i < 5; ++i) session->send("m" + std::to_string(i));
  session->close();

  std::vector<std::string> received;
  for (int poll = 0; poll < 5; ++poll) {
    auto exchange = f.client.get(sid);
    REQUIRE(exchange->responded());
    if (exchange->status() != 200) break;  // the sid is gone once the close packet went out
    const auto packets = splitPayload(exchange->body());
    INFO(testing::quoteBytes(exchange->body()));
    CHECK(packets.size() <= 3);
    received.insert(received.end(), packets.begin(), packets.end());
  }
  REQUIRE_FALSE(received.empty());
  CHECK(received.back() == "1");
  std::vector<std::string> messages;
  for (const auto& p : received) {
    if (p.front() == '4') messages.push_back(p);
  }
  CHECK(messages == std::vector<std::string>{"4m0", "4m1", "4m2", "4m3", "4m4"});
  CHECK(f.handler.closeCount(sid) == 1);
}
