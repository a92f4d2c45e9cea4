// The standalone host's own pages (login, demo intranet), compiled into the binary from
// connectors/host/standalone/assets/ by tandem_embed_files (generated at build time; an empty
// directory compiles to an empty table).
#pragma once

#include <cstddef>
#include <string_view>

#include "core/embedded_file.h"  // the EmbeddedFile struct only (generated code uses it)

namespace tandem::host_assets {

// The file at a path relative to the assets directory ("login.html"), or nullptr.
const tandem::core::EmbeddedFile* findEmbedded(std::string_view path);
std::size_t embeddedCount();

}  // namespace tandem::host_assets
