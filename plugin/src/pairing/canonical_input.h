// Reading back the canonical input JSON a run stores (pairing_engine.h canonicalInputJson), so a
// stored run can be replayed without the live store (`tandem pair replay RUN`).
// Thread-safety: free functions without shared state.
#pragma once

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "pairing/pairing_input.h"

namespace tandem::pairing {

// The input canonicalInputJson wrote: canonicalInputJson(parseCanonicalInput(j)) == j for any j
// it produced. kInvalidArgument naming the field when the document is not such a JSON (a stored
// run that was tampered with or is from an unknown format).
core::Result<PairingInput> parseCanonicalInput(const nlohmann::json& canonical);

}  // namespace tandem::pairing
