#include "scim_client_config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace tandem::scimclient {
namespace {

using nlohmann::json;

TEST(ScimClientConfig, ReadsKeysWithDefaults) {
  auto c = ScimClientConfig::fromJson(
      json{{"url", "https://idp.example/scim/v2/"}, {"token_file", "/t"}, {"page_size", "50"}});
  ASSERT_TRUE(c.isOk()) << c.status().message();
  EXPECT_EQ(c->url, "https://idp.example/scim/v2");
  EXPECT_EQ(c->pageSize, 50);
  EXPECT_EQ(c->groupPageSize, 20);
  EXPECT_DOUBLE_EQ(c->deletionGuardShare, 0.10);
  EXPECT_FALSE(c->insecureTransport());
}

TEST(ScimClientConfig, RejectsBadValuesNamingTheKey) {
  const auto code = [](const json& j) { return ScimClientConfig::fromJson(j).status(); };
  EXPECT_NE(code(json{{"token_file", "/t"}}).message().find("url"), std::string::npos);
  EXPECT_NE(code(json{{"url", "https://x"}}).message().find("token_file"), std::string::npos);
  EXPECT_EQ(code(json{{"url", "ftp://x"}, {"token_file", "/t"}}).code(),
            core::StatusCode::kInvalidArgument);
  EXPECT_NE(code(json{{"url", "https://x"}, {"token_file", "/t"}, {"page_size", 0}})
                .message()
                .find("page_size"),
            std::string::npos);
  EXPECT_NE(code(json{{"url", "https://x"}, {"token_file", "/t"}, {"deletion_guard_share", "2"}})
                .message()
                .find("deletion_guard_share"),
            std::string::npos);
}

TEST(ScimClientConfig, PlainHttpIsInsecureUnlessLoopback) {
  auto loopback =
      ScimClientConfig::fromJson(json{{"url", "http://127.0.0.1:9/scim/v2"}, {"token_file", "/t"}});
  ASSERT_TRUE(loopback.isOk());
  EXPECT_FALSE(loopback->insecureTransport());
  auto remote =
      ScimClientConfig::fromJson(json{{"url", "http://idp.example/scim/v2"}, {"token_file", "/t"}});
  ASSERT_TRUE(remote.isOk());
  EXPECT_TRUE(remote->insecureTransport());
}

TEST(ReadTokenFile, TrimsWhitespaceAndNeverQuotesTheContent) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("tandem-scim-client-token-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto file = dir / "token";
  std::ofstream(file) << "  secret-token-123 \n\n";
  auto token = readTokenFile(file.string());
  ASSERT_TRUE(token.isOk());
  EXPECT_EQ(*token, "secret-token-123");
  std::ofstream(file) << " \n";
  EXPECT_EQ(readTokenFile(file.string()).status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(readTokenFile((dir / "missing").string()).status().code(),
            core::StatusCode::kInvalidArgument);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tandem::scimclient
