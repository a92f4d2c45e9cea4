// tandem_e2e_slapd: a private slapd for the end-to-end tests (run.sh), so "Sync now" on the HR page
// reads a real directory.
//
//   tandem_e2e_slapd CONFIG_FILE [PEOPLE]
//
// Starts slapd (tests/support/ldap: generated directory of PEOPLE people, default 300, on a free
// loopback port, own temp directory), then writes CONFIG_FILE, a .properties file for
// `tandem --config` with ldap.uri, ldap.bind_dn, ldap.password_file (the path of a 0600 file; the
// password itself is never written elsewhere) and ldap.base_dn. The file appears complete (written
// aside, then renamed) only once slapd answers. Runs until SIGTERM, SIGINT or SIGHUP, or until its
// standard input closes (run.sh keeps a pipe to it, so the runner ends with run.sh however it
// ends); then stops slapd and removes its directory. Exit status: 0 after a clean stop, 1 when
// slapd cannot start (the reason on stderr), 2 on bad usage.
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "slapd_fixture.h"

namespace {

// Blocks the stop signals in this thread and every thread started afterwards (sigwait takes them).
sigset_t blockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

bool writeConfig(const std::string& path, const tandem::testing::Slapd& slapd) {
  const std::string partial = path + ".partial";
  {
    std::ofstream out(partial, std::ios::trunc);
    out << "# Written by tandem_e2e_slapd for this e2e run only.\n"
        << "ldap.uri = " << slapd.uri() << "\n"
        << "ldap.bind_dn = " << slapd.bindDn() << "\n"
        << "ldap.password_file = " << slapd.passwordFile() << "\n"
        << "ldap.base_dn = " << slapd.baseDn() << "\n";
    if (!out.flush()) return false;
  }
  return std::rename(partial.c_str(), path.c_str()) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: tandem_e2e_slapd CONFIG_FILE [PEOPLE]\n";
    return 2;
  }
  const std::string configFile = argv[1];
  tandem::testing::SlapdOptions options;
  options.people = 300;
  if (argc == 3) {
    char* end = nullptr;
    const long people = std::strtol(argv[2], &end, 10);
    if (end == argv[2] || *end != '\0' || people < 64 || people > 100000) {
      std::cerr << "tandem_e2e_slapd: PEOPLE must be an integer from 64 to 100000\n";
      return 2;
    }
    options.people = static_cast<int>(people);
  }
  const sigset_t stopSignals = blockStopSignals();

  std::unique_ptr<tandem::testing::Slapd> slapd;
  try {
    slapd = tandem::testing::Slapd::start(options);  // from the main thread: it outlives slapd
  } catch (const std::exception& e) {
    std::cerr << "tandem_e2e_slapd: " << e.what() << "\n";
    return 1;
  }
  if (!writeConfig(configFile, *slapd)) {
    std::cerr << "tandem_e2e_slapd: cannot write " << configFile << "\n";
    return 1;
  }
  std::cerr << "tandem_e2e_slapd: " << slapd->directory().people << " people at " << slapd->uri()
            << " (pid " << slapd->pid() << ")\n";

  // End of input (the parent went away or closed the pipe) stops the runner like SIGTERM.
  std::thread stdinWatch([] {
    char buf[256];
    for (;;) {
      const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
      if (n == 0 || (n < 0 && errno != EINTR)) break;
    }
    ::kill(::getpid(), SIGTERM);
  });
  stdinWatch.detach();

  int received = 0;
  while (sigwait(&stopSignals, &received) != 0) {
  }
  std::cerr << "tandem_e2e_slapd: stopping (signal " << received << ")\n";
  slapd.reset();  // stops slapd, removes its directory
  return 0;
}
