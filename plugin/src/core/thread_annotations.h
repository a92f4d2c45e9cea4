// Clang thread-safety annotations (checked with -Wthread-safety); no-ops elsewhere.
#pragma once

#if defined(__clang__)
#define TDM_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define TDM_THREAD_ANNOTATION(x)
#endif

#define TDM_GUARDED_BY(x) TDM_THREAD_ANNOTATION(guarded_by(x))
#define TDM_REQUIRES(...) TDM_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define TDM_EXCLUDES(...) TDM_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
