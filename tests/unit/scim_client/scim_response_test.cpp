#include "scim_response.h"

#include <gtest/gtest.h>

namespace tandem::scimclient {
namespace {

TEST(ParseListResponse, ReadsTotalAndResources) {
  auto page = parseListResponse(
      R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":3,
          "startIndex":1,"itemsPerPage":2,"Resources":[{"id":"a"},{"id":"b"}]})",
      "http://x/Users");
  ASSERT_TRUE(page.isOk()) << page.status().message();
  EXPECT_EQ(page->totalResults, 3);
  ASSERT_EQ(page->resources.size(), 2u);
  EXPECT_EQ(page->resources[1]["id"], "b");
}

TEST(ParseListResponse, AcceptsAnEmptyPageWithoutResourcesAndCountsAsStrings) {
  auto page = parseListResponse(R"({"totalResults":"0"})", "http://x/Users");
  ASSERT_TRUE(page.isOk()) << page.status().message();
  EXPECT_EQ(page->totalResults, 0);
  EXPECT_TRUE(page->resources.empty());
}

TEST(ParseListResponse, MalformedOrForeignBodiesAreInvalidArgumentNamingThePath) {
  for (const char* body : {"not json", "[1,2]",
                           R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"a"})",
                           R"({"Resources":[]})", R"({"totalResults":"many"})",
                           R"({"totalResults":1,"Resources":{"id":"a"}})"}) {
    auto page = parseListResponse(body, "http://x/scim/v2/Users");
    ASSERT_FALSE(page.isOk()) << body;
    EXPECT_EQ(page.status().code(), core::StatusCode::kInvalidArgument) << body;
    EXPECT_NE(page.status().message().find("http://x/scim/v2/Users"), std::string::npos) << body;
  }
}

TEST(ErrorForHttpStatus, MapsStatusCodes) {
  const std::string where = "http://x/scim/v2/Users";
  const core::Status unauthorized = errorForHttpStatus(
      401,
      R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"401","detail":"bad token"})",
      where);
  EXPECT_EQ(unauthorized.code(), core::StatusCode::kUnauthenticated);
  EXPECT_NE(unauthorized.message().find("refused the token"), std::string::npos);
  EXPECT_NE(unauthorized.message().find("401"), std::string::npos);
  EXPECT_NE(unauthorized.message().find(where), std::string::npos);
  EXPECT_NE(unauthorized.message().find("bad token"), std::string::npos);
  EXPECT_EQ(errorForHttpStatus(403, "", where).code(), core::StatusCode::kUnauthenticated);
  EXPECT_EQ(errorForHttpStatus(429, "", where).code(), core::StatusCode::kUnavailable);
  EXPECT_EQ(errorForHttpStatus(500, "<html>", where).code(), core::StatusCode::kUnavailable);
  EXPECT_EQ(errorForHttpStatus(503, "", where).code(), core::StatusCode::kUnavailable);
  EXPECT_EQ(errorForHttpStatus(404, "", where).code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(errorForHttpStatus(400, "", where).code(), core::StatusCode::kInvalidArgument);
}

TEST(ParseRetryAfter, ReadsSecondsAndFallsBackOtherwise) {
  EXPECT_EQ(parseRetryAfter("7", 1), 7);
  EXPECT_EQ(parseRetryAfter(" 0 ", 1), 0);
  EXPECT_EQ(parseRetryAfter("", 3), 3);
  EXPECT_EQ(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", 2), 2);
  EXPECT_EQ(parseRetryAfter("999999", 1), 3600);
}

}  // namespace
}  // namespace tandem::scimclient
