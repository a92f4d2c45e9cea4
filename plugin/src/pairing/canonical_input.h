// The canonical input of a pairing run: the text a run hashes (pairing_engine.h inputHash) and
// stores, and reading it back, so a stored run can be replayed without the live store
// (`tandem pair replay RUN`).
//
// The text is compact JSON with sorted keys: {"blocks", "kept", "people", "pins",
// "previousPairs", "referenceDate", "settings", "skills"}; normalized settings, people sorted by
// id, every list sorted where its order carries no meaning (manager chains keep theirs), an absent
// level or capacity as null. It is written by hand, byte for byte as nlohmann::json's
// dump(-1, ' ', false, error_handler_t::replace) of the same document
// (pairing/internal/json_text.h), because the hashes of stored runs were made from that text: any
// change of a byte changes the hash of every run. Invalid UTF-8 in any string is replaced by
// U+FFFD, and lists are sorted by the replaced strings, so the text is valid UTF-8 and reading it
// back gives an input whose text (and hash) is the same.
//
// Thread-safety: free functions without shared state.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"
#include "pairing/pairing_input.h"

namespace tandem::pairing {

// The canonical text of `input`. Never fails; the same input in any order gives the same text.
std::string canonicalInputText(const PairingInput& input);

// The input canonicalInputText wrote: canonicalInputText(parseCanonicalInput(json::parse(t))) == t
// for any t it produced. kInvalidArgument naming the field when the document is not such a JSON
// (a stored run that was tampered with or is from an unknown format).
core::Result<PairingInput> parseCanonicalInput(const nlohmann::json& canonical);

}  // namespace tandem::pairing
