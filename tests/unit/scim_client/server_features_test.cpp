#include "server_features.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace tandem::scimclient {
namespace {

using nlohmann::json;

TEST(ServerFeatures, ReadsWhatTheServerSupports) {
  auto f = ServerFeatures::fromJson(json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    "patch": {"supported": true}, "bulk": {"supported": false, "maxOperations": 0},
    "filter": {"supported": true, "maxResults": 200}, "sort": {"supported": true},
    "etag": {"supported": false}})"));
  ASSERT_TRUE(f.isOk()) << f.status().message();
  EXPECT_TRUE(f->filterSupported);
  EXPECT_EQ(f->filterMaxResults, 200);
  EXPECT_TRUE(f->sortSupported);
  EXPECT_FALSE(f->bulkSupported);
  EXPECT_TRUE(f->patchSupported);
  EXPECT_EQ(f->pageSize(100), 100);
  EXPECT_EQ(f->pageSize(500), 200);
}

TEST(ServerFeatures, AbsentFeaturesAreUnsupportedAndMaxResultsZeroMeansNoCap) {
  auto f =
      ServerFeatures::fromJson(json::parse(R"({"filter": {"supported": true, "maxResults": 0}})"));
  ASSERT_TRUE(f.isOk());
  EXPECT_FALSE(f->sortSupported);
  EXPECT_FALSE(f->bulkSupported);
  EXPECT_EQ(f->pageSize(700), 700);
}

TEST(ServerFeatures, AcceptsCountsAndBooleansSentAsStrings) {
  auto f = ServerFeatures::fromJson(json::parse(
      R"({"filter": {"supported": "True", "maxResults": "50"}, "sort": {"supported": "false"}})"));
  ASSERT_TRUE(f.isOk()) << f.status().message();
  EXPECT_TRUE(f->filterSupported);
  EXPECT_EQ(f->filterMaxResults, 50);
  EXPECT_FALSE(f->sortSupported);
}

TEST(ServerFeatures, RejectsWrongTypes) {
  EXPECT_EQ(ServerFeatures::fromJson(json::array()).status().code(),
            core::StatusCode::kInvalidArgument);
  EXPECT_EQ(ServerFeatures::fromJson(json::parse(R"({"sort": {"supported": 1}})")).status().code(),
            core::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      ServerFeatures::fromJson(json::parse(R"({"filter": {"maxResults": -3}})")).status().code(),
      core::StatusCode::kInvalidArgument);
  EXPECT_EQ(ServerFeatures::fromJson(json::parse(R"({"filter": 3})")).status().code(),
            core::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tandem::scimclient
