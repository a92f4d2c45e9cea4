#include "page_plan.h"

#include <gtest/gtest.h>

namespace tandem::scimclient {
namespace {

TEST(PagePlan, WalksOneBasedPagesUntilPastTotalResults) {
  PagePlan plan(2);
  EXPECT_EQ(plan.startIndex(), 1);
  EXPECT_EQ(plan.count(), 2);
  ASSERT_TRUE(plan.recordPage(5, 2, "u").isOk());
  EXPECT_EQ(plan.startIndex(), 3);
  ASSERT_TRUE(plan.recordPage(5, 2, "u").isOk());
  EXPECT_FALSE(plan.done());
  ASSERT_TRUE(plan.recordPage(5, 1, "u").isOk());
  EXPECT_TRUE(plan.done());
  EXPECT_EQ(plan.pagesRead(), 3);
}

TEST(PagePlan, AnEmptyPageEndsTheList) {
  PagePlan plan(10);
  ASSERT_TRUE(plan.recordPage(100, 0, "u").isOk());
  EXPECT_TRUE(plan.done());
}

TEST(PagePlan, AnEmptyListIsOnePage) {
  PagePlan plan(10);
  ASSERT_TRUE(plan.recordPage(0, 0, "u").isOk());
  EXPECT_TRUE(plan.done());
}

TEST(PagePlan, AdvancesByWhatTheServerReturnedWhenItSendsFewerThanAsked) {
  PagePlan plan(100);
  ASSERT_TRUE(plan.recordPage(150, 50, "u").isOk());
  EXPECT_EQ(plan.startIndex(), 51);
}

TEST(PagePlan, GivesUpOnAListWhoseTotalKeepsGrowing) {
  PagePlan plan(10);
  core::Status s = core::Status::ok();
  int64_t total = 100;
  int pages = 0;
  while (!plan.done() && s.isOk() && pages < 1000) {
    s = plan.recordPage(total, 10, "http://x/Users");
    total += 10;  // grows as fast as it is read
    ++pages;
  }
  EXPECT_EQ(s.code(), core::StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("http://x/Users"), std::string::npos);
  // 100 + 10% = 110 -> 11 pages, + 2.
  EXPECT_EQ(plan.maxPages(), 13);
  EXPECT_EQ(pages, 13);
}

TEST(PagePlan, ToleratesModestGrowthDuringTheScan) {
  PagePlan plan(10);
  int64_t total = 100;
  while (!plan.done()) {
    ASSERT_TRUE(plan.recordPage(total, 10, "u").isOk());
    if (total < 108) total += 2;
  }
  EXPECT_EQ(plan.startIndex(), 111);
}

TEST(PagePlan, RejectsANegativeTotal) {
  PagePlan plan(10);
  EXPECT_EQ(plan.recordPage(-1, 1, "u").code(), core::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tandem::scimclient
