#include "http/request.h"

#include <gtest/gtest.h>

namespace tandem::http {
namespace {

TEST(Request, QueryParamsAreDecoded) {
  Request r;
  r.query = "q=Ren%C3%A9e+Dupont&page=2&flag&bad=%zz";
  EXPECT_EQ(r.queryParam("q").value_or(""), "Renée Dupont");
  EXPECT_EQ(r.queryParam("page").value_or(""), "2");
  EXPECT_EQ(r.queryParam("flag").value_or("missing"), "");
  EXPECT_EQ(r.queryParam("bad").value_or(""), "%zz");
  EXPECT_FALSE(r.queryParam("none").has_value());
}

TEST(Request, HeadersAreCaseInsensitive) {
  Request r;
  r.headers = {{"Content-Type", "application/json"}};
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("accept"), "");
}

}  // namespace
}  // namespace tandem::http
