// `tandem`: the command-line entry point. Loads libtandem.so through the C ABI only; never links
// it.
#include <csignal>
#include <cstring>
#include <exception>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "cli_spec.h"
#include "commands.h"

extern char** environ;

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // a closed client socket must not kill the server
  std::vector<std::string> args(argv + 1, argv + argc);
  std::map<std::string, std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const char* eq = std::strchr(*e, '=');
    if (eq != nullptr && std::strncmp(*e, "TANDEM_", 7) == 0) {
      env.emplace(std::string(*e, static_cast<std::size_t>(eq - *e)), std::string(eq + 1));
    }
  }
  try {
    return tandem::standalone::runCli(args, env, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "tandem: unexpected error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "tandem: unexpected error\n";
  }
  return tandem::standalone::kExitFailure;
}
