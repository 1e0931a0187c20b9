// session-agent logging (apps/session-agent/logging.cpp): the text and JSON line formats,
// level filtering and changes at run time, and reopen() after a rename.
#include "logging.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include <libsession/json.hpp>

using session_agent::AgentConfig;
using session_agent::LogFormat;
using session_agent::Logging;
using session_agent::LogLevel;

namespace {

// A fresh directory per test case, removed with its files afterwards.
class TempDir {
public:
  TempDir() {
    char pattern[] = "/tmp/libsession-logging-XXXXXX";
    if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    for (const auto& f : created_) std::remove(f.c_str());
    rmdir(path_.c_str());
  }
  std::string file(const std::string& name) {
    created_.push_back(path_ + "/" + name);
    return created_.back();
  }

private:
  std::string path_;
  std::vector<std::string> created_;
};

std::vector<std::string> readLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string readAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

AgentConfig::Log options(const std::string& file, LogFormat format = LogFormat::text,
                         LogLevel level = LogLevel::info) {
  AgentConfig::Log o;
  o.file = file;
  o.format = format;
  o.level = level;
  return o;
}

libsession::Value parseLine(const std::string& line) {
  libsession::Value v;
  INFO(line);
  REQUIRE(!libsession::parseJson(line, v));
  REQUIRE(v.isObject());
  return v;
}

const std::string kTimestamp = R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)";

}  // namespace

TEST_CASE("text lines: UTC timestamp, padded level, message, key=value fields") {
  TempDir dir;
  const std::string path = dir.file("agent.log");
  {
    Logging log(options(path));
    log.info("connection opened", {{"participant", "alice"},
                                   {"session", "alice_1700000000"},
                                   {"channel", "abc"},
                                   {"transport", "polling"}});
    log.warn("slow", {{"ms", 1500}, {"ok", false}, {"note", "has space"}, {"empty", ""},
                      {"eq", "a=b"}});
    log.error("multi\nline message");
  }
  const auto lines = readLines(path);
  REQUIRE(lines.size() == 3);
  CHECK_THAT(lines[0], Catch::Matches(kTimestamp + " info  connection opened participant=alice "
                                                   "session=alice_1700000000 channel=abc "
                                                   "transport=polling"));
  CHECK_THAT(lines[1], Catch::Matches(kTimestamp + R"( warn  slow ms=1500 ok=false )"
                                                   R"(note="has space" empty="" eq="a=b")"));
  CHECK_THAT(lines[2], Catch::Matches(kTimestamp + R"( error multi\\nline message)"));
}

TEST_CASE("JSON lines: one valid object per line, fields as members") {
  TempDir dir;
  const std::string path = dir.file("agent.json");
  {
    Logging log(options(path, LogFormat::json));
    log.info("connection opened", {{"participant", "al\"ice\n"}, {"count", 3}, {"msg", "shadow"}});
    log.error("bad bytes \xff\xfe", {{"url", "http://x/\x01"}});
    log.logger()->warn("plain spdlog call {}", 42);
  }
  const auto lines = readLines(path);
  REQUIRE(lines.size() == 3);
  const libsession::Value first = parseLine(lines[0]);
  CHECK(std::regex_match(*first.find("ts")->asString(), std::regex(kTimestamp)));
  CHECK(*first.find("level") == "info");
  CHECK(*first.find("msg") == "connection opened");
  CHECK(*first.find("participant") == "al\"ice\n");
  CHECK(*first.find("count") == 3);
  CHECK(*first.find("_msg") == "shadow");
  const auto& members = *first.asObject();
  REQUIRE(members.size() == 6);
  CHECK(members[0].first == "ts");
  CHECK(members[1].first == "level");
  CHECK(members[2].first == "msg");

  const libsession::Value second = parseLine(lines[1]);  // invalid UTF-8 replaced, still valid
  CHECK(*second.find("level") == "error");
  CHECK(*second.find("msg") == "bad bytes \xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(*second.find("url") == "http://x/\x01");

  const libsession::Value third = parseLine(lines[2]);
  CHECK(*third.find("level") == "warn");
  CHECK(*third.find("msg") == "plain spdlog call 42");
}

TEST_CASE("events below the level are dropped, and the level changes at run time") {
  TempDir dir;
  const std::string path = dir.file("levels.log");
  {
    Logging log(options(path, LogFormat::json, LogLevel::warn));
    CHECK(log.level() == LogLevel::warn);
    CHECK_FALSE(log.enabled(LogLevel::info));
    log.debug("d1");
    log.info("i1");
    log.warn("w1");
    log.error("e1");
    log.setLevel(LogLevel::debug);
    CHECK(log.level() == LogLevel::debug);
    log.trace("t2");
    log.debug("d2");
    log.setLevel(LogLevel::off);
    log.error("e3");
    log.log(LogLevel::off, "never");
  }
  std::vector<std::string> messages;
  for (const auto& line : readLines(path)) {
    messages.push_back(*parseLine(line).find("msg")->asString());
  }
  CHECK(messages == std::vector<std::string>{"w1", "e1", "d2"});
}

TEST_CASE("setLevel and logging from several threads at once") {
  TempDir dir;
  const std::string path = dir.file("threads.log");
  constexpr int kPerThread = 2000;
  {
    Logging log(options(path, LogFormat::json, LogLevel::info));
    auto work = [&](const char* name) {
      for (int i = 0; i < kPerThread; ++i) log.info("event", {{"thread", name}, {"i", i}});
    };
    std::thread a(work, "a");
    std::thread b(work, "b");
    for (int i = 0; i < 100; ++i) log.setLevel(i % 2 == 0 ? LogLevel::info : LogLevel::debug);
    a.join();
    b.join();
  }
  const auto lines = readLines(path);
  CHECK(lines.size() == 2 * kPerThread);  // info is enabled at both levels; no line torn
  for (const auto& line : lines) parseLine(line);
}

TEST_CASE("reopen() after the file was renamed writes to a new file at the path") {
  TempDir dir;
  const std::string path = dir.file("rotate.log");
  const std::string rotated = dir.file("rotate.log.1");
  Logging log(options(path));
  log.info("before rotation");
  REQUIRE(std::rename(path.c_str(), rotated.c_str()) == 0);
  log.info("after rename, before reopen");  // still the open file, now named .1
  REQUIRE(log.reopen());
  log.info("after reopen");
  log.flush();
  const std::string old = readAll(rotated);
  CHECK(old.find("before rotation") != std::string::npos);
  CHECK(old.find("after rename, before reopen") != std::string::npos);
  CHECK(old.find("after reopen") == std::string::npos);
  const auto fresh = readLines(path);
  REQUIRE(fresh.size() == 1);
  CHECK(fresh[0].find("after reopen") != std::string::npos);
}

TEST_CASE("reopen() that cannot open the path keeps the old file") {
  TempDir dir;
  const std::string sub = dir.file("sub");
  REQUIRE(mkdir(sub.c_str(), 0700) == 0);
  const std::string path = sub + "/agent.log";
  {
    Logging log(options(path));
    log.info("one");
    REQUIRE(std::remove(path.c_str()) == 0);
    REQUIRE(rmdir(sub.c_str()) == 0);
    CHECK_FALSE(log.reopen());  // the directory is gone
    log.info("two");            // still written (to the unlinked file), no crash
  }
  CHECK_THROWS_AS(Logging(options(sub + "/agent.log")), std::runtime_error);
}

TEST_CASE("stderr output needs no reopen") {
  Logging log(options(""));
  CHECK(log.reopen());
  CHECK(log.logger()->name() == "session-agent");
}

