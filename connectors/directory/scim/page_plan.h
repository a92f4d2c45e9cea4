// PagePlan: the paging of one SCIM list (RFC 7644 section 3.4.2.4) as the client walks it: which
// startIndex and count to ask for next, when the list is done, and when a server whose
// totalResults keeps growing (or that never ends) must be given up. Pure.
//
// Thread-safety: a value type; one list per instance.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace tandem::scimclient {

class PagePlan {
 public:
  // pageSize >= 1: the count asked for on every page.
  explicit PagePlan(int64_t pageSize);

  int64_t startIndex() const { return startIndex_; }  // 1-based
  int64_t count() const { return pageSize_; }
  bool done() const { return done_; }
  int64_t pagesRead() const { return pages_; }
  // The page limit set by the first page (0 before it).
  int64_t maxPages() const { return maxPages_; }

  // Records a page: the server's totalResults and how many resources it returned. Afterwards
  // done() is true when the page was empty or the next startIndex is past totalResults.
  // kUnavailable naming `what` when the list runs past its bound: more pages than the first
  // page's totalResults plus 10% plus two pages' worth allow (a list that keeps growing).
  // kInvalidArgument for a negative totalResults.
  core::Status recordPage(int64_t totalResults, int64_t returned, const std::string& what);

 private:
  int64_t pageSize_;
  int64_t startIndex_ = 1;
  int64_t pages_ = 0;
  int64_t maxPages_ = 0;
  bool done_ = false;
};

}  // namespace tandem::scimclient
