// Used instead of the generated table while connectors/host/standalone/assets/ is empty.
#include "host_assets.h"

namespace tandem::host_assets {

const tandem::core::EmbeddedFile* findEmbedded(std::string_view /*path*/) { return nullptr; }
std::size_t embeddedCount() { return 0; }

}  // namespace tandem::host_assets
