// session-agent — the Socket.IO session agent between browser clients and the workflow engine.
//
// This version carries the protocol codec only: it answers --version and --help, and any other
// invocation says plainly that the server is not implemented yet and exits 0, so that the
// README's run command has a defined outcome while the server is being written.
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <libsession/version.hpp>

int main(int argc, char** argv) {
  const std::string name = "session-agent";
  CLI::App app{"Socket.IO v4 session agent: connects Socket.IO clients to a workflow engine "
               "over RabbitMQ.",
               name};
  app.set_version_flag("--version", name + " " + libsession::kVersion,
                       "Print the version and exit");
  // Options of later versions (configuration file, listen address) may already be passed by
  // scripts; accept them rather than fail, and name them in the message below.
  app.allow_extras();
  CLI11_PARSE(app, argc, argv);

  std::printf("%s %s: the Socket.IO server is not implemented in this version; see --help\n",
              name.c_str(), libsession::kVersion);
  const std::vector<std::string> ignored = app.remaining();
  if (!ignored.empty()) {
    std::string joined;
    for (const auto& arg : ignored) joined += " " + arg;
    std::printf("ignored arguments:%s\n", joined.c_str());
  }
  return 0;
}
