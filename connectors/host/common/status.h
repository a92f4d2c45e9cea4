// Host-side code uses the core's Status and Result (tandem::status library); these names keep host
// code short.
#pragma once

#include "core/status.h"

namespace tandem::host {

using core::internalError;
using core::invalidArgument;
using core::notFound;
using core::Result;
using core::Status;
using core::statusFromCode;
using core::StatusCode;
using core::unavailable;
using core::failedPrecondition;

}  // namespace tandem::host
