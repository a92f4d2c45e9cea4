// tandem_ldif_generator --people N --seed S --out FILE [--schema-out FILE]
// Writes the deterministic test directory as LDIF for slapadd (see tests/integration/ldap/README.md).
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <string>

#include "directory_generator.h"

int main(int argc, char** argv) {
  tandem::testing::GeneratorOptions options;
  std::string out;
  std::string schemaOut;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool hasValue = i + 1 < argc;
    if (arg == "--people" && hasValue) {
      options.people = std::atoi(argv[++i]);
    } else if (arg == "--seed" && hasValue) {
      options.seed = static_cast<std::uint32_t>(std::strtoul(argv[++i], nullptr, 10));
    } else if (arg == "--out" && hasValue) {
      out = argv[++i];
    } else if (arg == "--schema-out" && hasValue) {
      schemaOut = argv[++i];
    } else if (arg == "--sync-password" && hasValue) {
      options.syncPassword = argv[++i];
    } else {
      std::fprintf(stderr,
                   "usage: %s --people N --seed S --out FILE [--schema-out FILE] [--sync-password P]\n",
                   argv[0]);
      return 2;
    }
  }
  if (out.empty()) {
    std::fprintf(stderr, "--out is required\n");
    return 2;
  }
  try {
    const auto dir = tandem::testing::generateDirectoryLdif(options, out);
    if (!schemaOut.empty()) {
      std::ofstream schema(schemaOut, std::ios::binary);
      schema << tandem::testing::tandemSchema();
      if (!schema) throw std::runtime_error("cannot write " + schemaOut);
    }
    std::printf("people=%d active=%d groups=%d entries=%d bindDn=%s bindPassword=%s\n", dir.people,
                dir.activeCount, dir.groups, dir.entries, dir.bindDn.c_str(), dir.bindPassword.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
