// Issue 5, configuration: the real session-agent binary reads one JSON file (--config or
// SESSION_AGENT_CONFIG), the environment and its flags, per key flags > environment > file >
// defaults, as --print-config shows (secrets masked); it names every bad key with its problem
// and exits 2; --check-config, --help and --version exit without serving.
//
// Every variable the agent reads is passed empty (which the agent counts as unset) unless the
// test sets it, so the environment the tests run in cannot change the outcome.
#include <catch2/catch.hpp>

#include <libsession/json.hpp>
#include <libsession/version.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "agent_harness.hpp"

using namespace agent_test;
using libsession::Value;
using libsession::test::ChildProcess;
using libsession::test::ExitStatus;

namespace {

struct Run {
  std::optional<ExitStatus> status;
  std::string out;
  std::string err;

  int code() const { return status && status->exited ? status->code : -1; }
  std::string describe() const {
    return "exit: " + (status ? status->describe() : std::string("still running")) +
           "\n--- stdout:\n" + out + "--- stderr:\n" + err;
  }
};

/// Runs session-agent with `args` to its end (killed after 10 s, a safety bound).
Run runAgent(const std::vector<std::string>& args, const ChildProcess::Environment& set = {}) {
  std::vector<std::string> argv{sessionAgentPath()};
  argv.insert(argv.end(), args.begin(), args.end());
  ChildProcess process(argv, agentEnvironment(set));
  Run run;
  run.status = process.wait(std::chrono::seconds(10));
  if (!run.status) process.kill();
  run.out = process.stdoutText();
  run.err = process.stderrText();
  return run;
}

/// --print-config's output for `args`, parsed; fails the test when it is not an exit-0 JSON.
Value printedConfig(const std::vector<std::string>& args, const ChildProcess::Environment& set = {}) {
  std::vector<std::string> withPrint = args;
  withPrint.push_back("--print-config");
  const Run run = runAgent(withPrint, set);
  INFO(run.describe());
  REQUIRE(run.code() == 0);
  Value config;
  REQUIRE(!libsession::parseJson(run.out, config));
  return config;
}



}  // namespace

TEST_CASE("session-agent --help and --version print and exit 0", "[agent][config]") {
  const Run help = runAgent({"--help"});
  INFO(help.describe());
  CHECK(help.code() == 0);
  for (const char* flag : {"--config", "--port", "--node-id", "--broker", "--redis", "--log-level",
                           "--print-config", "--check-config", "--version"}) {
    CHECK(contains(help.out, flag));
  }
  const Run shortHelp = runAgent({"-h"});
  CHECK(shortHelp.code() == 0);
  CHECK(shortHelp.out == help.out);

  const Run version = runAgent({"--version"});
  INFO(version.describe());
  CHECK(version.code() == 0);
  CHECK(version.out == std::string("session-agent ") + libsession::kVersion + "\n");
}

TEST_CASE("session-agent --print-config shows the defaults when nothing is configured",
          "[agent][config]") {
  const Value c = printedConfig({});
  INFO(libsession::toJson(c));
  CHECK(jsonAt(c, "nodeId") == R"("org.wt.session1")");
  CHECK(jsonAt(c, "server.host") == R"("127.0.0.1")");
  CHECK(jsonAt(c, "server.port") == "3000");
  CHECK(jsonAt(c, "server.path") == R"("/socket.io/")");
  CHECK(jsonAt(c, "auth.socket") == R"("token")");
  CHECK(jsonAt(c, "auth.jwtSecret") == R"("")");
  CHECK(jsonAt(c, "engine.kind") == R"("loopback")");
  CHECK(jsonAt(c, "engine.rabbitmq.url") == R"("amqp://guest:***@127.0.0.1:5672")");
  CHECK(jsonAt(c, "engine.rabbitmq.nodeQueue") == R"("session1-message-queue")");
  CHECK(jsonAt(c, "engine.rabbitmq.prefetch") == "10");
  CHECK(jsonAt(c, "directory.kind") == R"("memory")");
  CHECK(jsonAt(c, "http.eventResponse") == R"("accepted")");
  CHECK(jsonAt(c, "http.maxEventBytes") == "1000000");
  CHECK(jsonAt(c, "log.level") == R"("info")");
  CHECK(jsonAt(c, "shutdown.timeoutMs") == "10000");
}

TEST_CASE("session-agent takes each key from flags over environment over file over defaults",
          "[agent][config]") {
  TempDir dir;
  const std::string file = dir.write("agent.json", R"({
    "nodeId": "org.wt.fromFile",
    "server": { "host": "0.0.0.0", "port": 1111 },
    "engine": { "rabbitmq": { "prefetch": 20 } },
    "log": { "level": "debug" }
  })");
  const std::string other = dir.write("other.json", R"({ "nodeId": "org.wt.otherFile" })");
  const ChildProcess::Environment env = {
      {"NODE_ID", "org.wt.fromEnv"}, {"PORT", "2222"}, {"LOG_LEVEL", "warn"}};

  SECTION("the file over the defaults") {
    const Value c = printedConfig({"--config", file});
    INFO(libsession::toJson(c));
    CHECK(jsonAt(c, "nodeId") == R"("org.wt.fromFile")");
    CHECK(jsonAt(c, "server.host") == R"("0.0.0.0")");
    CHECK(jsonAt(c, "server.port") == "1111");
    CHECK(jsonAt(c, "engine.rabbitmq.prefetch") == "20");
    CHECK(jsonAt(c, "engine.rabbitmq.nodeQueue") == R"("fromFile-message-queue")");
    CHECK(jsonAt(c, "log.level") == R"("debug")");
    CHECK(jsonAt(c, "server.path") == R"("/socket.io/")");  // not in the file: the default
  }
  SECTION("SESSION_AGENT_CONFIG names the file when there is no --config") {
    const Value byEnv = printedConfig({}, {{"SESSION_AGENT_CONFIG", file}});
    CHECK(jsonAt(byEnv, "nodeId") == R"("org.wt.fromFile")");
    const Value byFlag = printedConfig({"--config", other}, {{"SESSION_AGENT_CONFIG", file}});
    CHECK(jsonAt(byFlag, "nodeId") == R"("org.wt.otherFile")");
    CHECK(jsonAt(byFlag, "server.port") == "3000");  // nothing of the other file
  }
  SECTION("the environment over the file, key by key") {
    ChildProcess::Environment withHost = env;
    withHost.emplace_back("HOST", "127.0.0.2");
    const Value c = printedConfig({"--config", file}, withHost);
    INFO(libsession::toJson(c));
    CHECK(jsonAt(c, "nodeId") == R"("org.wt.fromEnv")");
    CHECK(jsonAt(c, "server.port") == "2222");
    CHECK(jsonAt(c, "server.host") == R"("127.0.0.2")");
    CHECK(jsonAt(c, "log.level") == R"("warn")");
    CHECK(jsonAt(c, "engine.rabbitmq.prefetch") == "20");  // no variable: the file's
  }
  SECTION("an empty variable counts as unset") {
    const Value c = printedConfig({"--config", file}, {{"PORT", ""}, {"NODE_ID", ""}});
    CHECK(jsonAt(c, "server.port") == "1111");
    CHECK(jsonAt(c, "nodeId") == R"("org.wt.fromFile")");
  }
  SECTION("flags over the environment, long and short forms") {
    const Value c = printedConfig(
        {"--config", file, "-p", "3333", "-i", "org.wt.fromFlag", "--log-level", "error"}, env);
    INFO(libsession::toJson(c));
    CHECK(jsonAt(c, "server.port") == "3333");
    CHECK(jsonAt(c, "nodeId") == R"("org.wt.fromFlag")");
    CHECK(jsonAt(c, "log.level") == R"("error")");
    CHECK(jsonAt(c, "server.host") == R"("0.0.0.0")");  // neither flag nor variable: the file's
    const Value longForms =
        printedConfig({"--config", file, "--port", "4444", "--node-id", "org.wt.long"}, env);
    CHECK(jsonAt(longForms, "server.port") == "4444");
    CHECK(jsonAt(longForms, "nodeId") == R"("org.wt.long")");
  }
  SECTION("--broker and --redis (and their variables) also switch the kinds") {
    const Value byEnv = printedConfig(
        {}, {{"RABBITMQ_URL", "amqp://guest:guest@10.0.0.1:5673"},
             {"REDIS_URL", "redis://10.0.0.2:6380/3"}});
    CHECK(jsonAt(byEnv, "engine.kind") == R"("rabbitmq")");
    CHECK(jsonAt(byEnv, "engine.rabbitmq.url") == R"("amqp://guest:***@10.0.0.1:5673")");
    CHECK(jsonAt(byEnv, "directory.kind") == R"("redis")");
    CHECK(jsonAt(byEnv, "directory.redis.url") == R"("redis://10.0.0.2:6380/3")");
    const Value byFlag =
        printedConfig({"--broker", "amqp://u:p@10.0.0.3:5674", "--redis", "redis://10.0.0.4:6381"},
                      {{"RABBITMQ_URL", "amqp://guest:guest@10.0.0.1:5673"}});
    CHECK(jsonAt(byFlag, "engine.rabbitmq.url") == R"("amqp://u:***@10.0.0.3:5674")");
    CHECK(jsonAt(byFlag, "directory.redis.url") == R"("redis://10.0.0.4:6381")");
  }
}

TEST_CASE("session-agent --print-config masks the JWT secret and URL passwords",
          "[agent][config]") {
  const Run run = runAgent({"--print-config", "--redis", "redis://:redis-pw-42@127.0.0.1:6380/2"},
                           agentEnvironment({{"JWT_SECRET", "jwt-secret-42"},
                                        {"RABBITMQ_URL", "amqp://bob:amqp-pw-42@broker.example:5672/v"}}));
  INFO(run.describe());
  REQUIRE(run.code() == 0);
  Value c;
  REQUIRE(!libsession::parseJson(run.out, c));
  CHECK(jsonAt(c, "auth.jwtSecret") == R"("***")");
  CHECK(jsonAt(c, "engine.rabbitmq.url") == R"("amqp://bob:***@broker.example:5672/v")");
  CHECK(jsonAt(c, "directory.redis.url") == R"("redis://:***@127.0.0.1:6380/2")");
  for (const char* secret : {"jwt-secret-42", "amqp-pw-42", "redis-pw-42"}) {
    CHECK_FALSE(contains(run.out + run.err, secret));
  }
}

TEST_CASE("session-agent --check-config exits 0 for a valid configuration", "[agent][config]") {
  TempDir dir;
  const std::string file = dir.write("ok.json", R"({
    "nodeId": "org.wt.checked",
    "server": { "port": 0, "transports": ["websocket"] },
    "http": { "eventResponse": "compat", "maxEventBytes": 64 }
  })");
  const Run run = runAgent({"--check-config", "--config", file}, {{"PORT", "4000"}});
  INFO(run.describe());
  CHECK(run.code() == 0);
  CHECK(run.out == "config OK\n");
  CHECK_FALSE(contains(run.out, "listening"));
}

TEST_CASE("session-agent names the key and the problem of each bad setting and exits 2",
          "[agent][config]") {
  TempDir dir;
  struct Case {
    const char* what;
    std::vector<std::string> args;
    ChildProcess::Environment env;
    std::string expected;  // a line of stderr, or its start
  };
  const std::string missing = dir.path() + "/missing.json";
  const std::string invalid = dir.write("invalid.json", "{\n  \"nodeId\": \"a\"\n  \"server\": {}\n}\n");
  const std::vector<Case> cases = {
      {"unknown key",
       {"--config", dir.write("unknown.json", R"({"server": {"prot": 3000}})")},
       {},
       "config: server.prot: unknown key (did you mean server.port?)"},
      {"wrong type",
       {"--config", dir.write("type.json", R"({"server": {"port": "3000"}})")},
       {},
       "config: server.port: must be an integer 0..65535, got \"3000\""},
      {"out of range",
       {"--config", dir.write("range.json", R"({"engine": {"rabbitmq": {"prefetch": 0}}})")},
       {},
       "config: engine.rabbitmq.prefetch: must be an integer 1..65535, got 0"},
      {"unreadable file",
       {"--config", missing},
       {},
       "config: " + missing + ": cannot open: No such file or directory"},
      {"unreadable file named by SESSION_AGENT_CONFIG",
       {},
       {{"SESSION_AGENT_CONFIG", missing}},
       "config: " + missing + ": cannot open: No such file or directory"},
      {"invalid JSON", {"--config", invalid}, {}, "config: " + invalid + ": invalid JSON at line 3"},
      {"not an object",
       {"--config", dir.write("array.json", "[1, 2]")},
       {},
       "config: " + dir.path() + "/array.json: "},
      {"bad flag value", {"--log-level", "loud"}, {}, "config: --log-level: must be one of"},
      {"bad port flag", {"-p", "70000"}, {}, "config: --port: must be an integer 0..65535, got 70000"},
      {"bad env value",
       {},
       {{"PORT", "http"}},
       "config: PORT (env): must be an integer 0..65535, got \"http\""},
      {"bad env URL", {}, {{"RABBITMQ_URL", "http://x"}}, "config: RABBITMQ_URL (env): "},
      {"unknown flag", {"--bogus"}, {}, "config: command line: "},
      {"missing flag value", {"--port"}, {}, "config: command line: "},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    for (const bool check : {true, false}) {
      // --check-config validates and exits; without it the agent must not start at all.
      // First, so that a flag missing its value stays the last argument.
      std::vector<std::string> args = c.args;
      if (check) args.insert(args.begin(), "--check-config");
      const Run run = runAgent(args, c.env);
      INFO((check ? "--check-config\n" : "run\n") + run.describe());
      CHECK(run.code() == 2);
      CHECK(contains("\n" + run.err, "\n" + c.expected));
      CHECK_FALSE(contains(run.out, "listening"));
      CHECK_FALSE(contains(run.out, "config OK"));
    }
  }
}

TEST_CASE("session-agent reports every configuration error at once", "[agent][config]") {
  TempDir dir;
  const std::string file = dir.write("many.json", R"({
    "server": { "prot": 1, "maxConnections": 0 },
    "log": { "level": 3 }
  })");
  const Run run = runAgent({"--check-config", "--config", file, "--log-format", "xml"},
                           {{"NODE_ID", ""}, {"PORT", "-1"}});
  INFO(run.describe());
  CHECK(run.code() == 2);
  for (const char* line : {"config: server.prot: unknown key", "config: server.maxConnections: ",
                           "config: log.level: ", "config: PORT (env): ", "config: --log-format: "}) {
    CHECK(contains("\n" + run.err, std::string("\n") + line));
  }
}

TEST_CASE("the running session-agent applies the settings by the same precedence",
          "[agent][config]") {
  TempDir dir;
  // The file's port would not do (1): the variable's 0 wins. The file's nodeId loses to the
  // variable's, which loses to the flag's. The file's compat answer applies (nothing overrides).
  const std::string file = dir.write("agent.json", R"({
    "nodeId": "org.wt.fromFile",
    "server": { "port": 1 },
    "http": { "eventResponse": "compat" }
  })");
  AgentProcess agent({"-i", "org.wt.fromFlag"},
                     agentEnvironment({{"SESSION_AGENT_CONFIG", file},
                                  {"PORT", "0"},
                                  {"NODE_ID", "org.wt.fromEnv"}}),
                     "org.wt.fromFlag");
  INFO(agent.log());
  CHECK(agent.port() != 1);
  CHECK(contains(agent.log(), "(node org.wt.fromFlag, loopback engine, memory sessions)"));
  const HttpAnswer health = httpGet(agent.port(), "/health");
  INFO(health.head << "\n" << health.body);
  Value body;
  REQUIRE(!libsession::parseJson(health.body, body));
  CHECK(jsonAt(body, "nodeId") == R"("org.wt.fromFlag")");
  const HttpAnswer posted =
      httpRequest(agent.port(), "POST", "/event",
                  {"Content-Type: application/json", "x-participant-id: alice"},
                  R"({"id":"cfg-1","type":"org.wt.tell"})");
  CHECK(posted.status == 200);
  CHECK(posted.body == "Event processed.");
  const auto status = agent.stop();
  REQUIRE(status.has_value());
  CHECK(status->describe() == ExitStatus{true, 0, 0}.describe());
}
