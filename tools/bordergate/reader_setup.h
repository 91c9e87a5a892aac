// The MRZ reader of the `read` and `bench vision|tracker` commands, set up one way.
#pragma once
#ifdef HAVE_BORDERGATE_VISION
#include <memory>
#include <string>
#include <string_view>

#include "bordergate/vision/mrz_reader.h"
#include "command.h"

namespace bordergate::cli {

// A reader of the model --model NAME (default mrz) in --tessdata DIR, else in
// $BORDERGATE_TESSDATA when set, else the shipped vision/models; the process set up as the
// kiosk runs (vision::configureProcessForReading). Null when the model cannot be loaded, after
// printing "bordergate COMMAND: why" to io.err.
// --second-model NAME reads the frames the first model does not read valid with NAME too
// (default mrz-motion, where the directory holds it; a NAME given that the directory lacks is
// an error); --second-model none: never.
std::unique_ptr<vision::MrzReader> openReader(const Options& opt, Io& io, std::string_view command);

// "DIR/mrz.traineddata" and, when loaded, ", then DIR/mrz-motion.traineddata on frames it does
// not read valid": the figures' provenance line of `bench vision|tracker`.
std::string modelsInUse(const vision::MrzReader& reader);

}  // namespace bordergate::cli
#endif
