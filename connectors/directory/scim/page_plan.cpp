#include "page_plan.h"

#include <cassert>

namespace tandem::scimclient {

PagePlan::PagePlan(int64_t pageSize) : pageSize_(pageSize) { assert(pageSize >= 1); }

core::Status PagePlan::recordPage(int64_t totalResults, int64_t returned, const std::string& what) {
  assert(!done_);
  if (totalResults < 0) return core::invalidArgument(what + ": totalResults is negative");
  ++pages_;
  if (pages_ == 1) {
    // Room for 10% growth during the scan, plus two pages for rounding and late arrivals.
    const int64_t bound = totalResults + totalResults / 10;
    maxPages_ = (bound + pageSize_ - 1) / pageSize_ + 2;
  }
  if (returned <= 0) {
    done_ = true;
    return core::Status::ok();
  }
  startIndex_ += returned;
  if (startIndex_ > totalResults) {
    done_ = true;
    return core::Status::ok();
  }
  if (pages_ >= maxPages_) {
    return core::unavailable(what + " did not end after " + std::to_string(pages_) +
                             " pages (totalResults keeps growing, now " +
                             std::to_string(totalResults) + "); giving up");
  }
  return core::Status::ok();
}

}  // namespace tandem::scimclient
