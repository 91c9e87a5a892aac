// SDL window / off-screen software renderer + the Dear ImGui context.
#include "render_target.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>

#include <vector>

#include "png_writer.h"

namespace bordergate::kiosk_app {

Result<std::unique_ptr<RenderTarget>> RenderTarget::windowed(int w, int h, const std::string& title, bool fullscreen) {
  if (SDL_InitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0)
    return fail(ErrorCode::Io, std::string("no display: ") + SDL_GetError());
  std::unique_ptr<RenderTarget> t(new RenderTarget());
  t->w_ = w;
  t->h_ = h;
  const Uint32 flags = SDL_WINDOW_SHOWN | (fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
  t->window_ = SDL_CreateWindow(title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
  if (!t->window_) return fail(ErrorCode::Io, std::string("cannot open a window: ") + SDL_GetError());
  SDL_GetWindowSize(t->window_, &t->w_, &t->h_);  // the screen's size when full screen (or kmsdrm)
  t->renderer_ = SDL_CreateRenderer(t->window_, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
  if (!t->renderer_) t->renderer_ = SDL_CreateRenderer(t->window_, -1, SDL_RENDERER_SOFTWARE);
  if (!t->renderer_) return fail(ErrorCode::Io, std::string("cannot create a renderer: ") + SDL_GetError());
  if (auto ok = t->initImGui(); !ok) return tl::unexpected(ok.error());
  return t;
}

Result<std::unique_ptr<RenderTarget>> RenderTarget::offscreen(int w, int h) {
  std::unique_ptr<RenderTarget> t(new RenderTarget());
  t->w_ = w;
  t->h_ = h;
  t->surface_ = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
  if (!t->surface_) return fail(ErrorCode::Io, std::string("cannot allocate an off-screen surface: ") + SDL_GetError());
  t->renderer_ = SDL_CreateSoftwareRenderer(t->surface_);
  if (!t->renderer_) return fail(ErrorCode::Io, std::string("cannot create the software renderer: ") + SDL_GetError());
  if (auto ok = t->initImGui(); !ok) return tl::unexpected(ok.error());
  return t;
}

Result<void> RenderTarget::initImGui() {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no layout file: the kiosk layout is fixed
  io.LogFilename = nullptr;
  io.DisplaySize = ImVec2(static_cast<float>(w_), static_cast<float>(h_));
  if (window_ && !ImGui_ImplSDL2_InitForSDLRenderer(window_)) return fail(ErrorCode::Internal, "ImGui SDL2 backend failed");
  if (!ImGui_ImplSDLRenderer_Init(renderer_)) return fail(ErrorCode::Internal, "ImGui SDL_Renderer backend failed");
  imgui_ = true;
  return {};
}

RenderTarget::~RenderTarget() {
  if (imgui_) {
    ImGui_ImplSDLRenderer_Shutdown();
    if (window_) ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
  }
  if (renderer_) SDL_DestroyRenderer(renderer_);
  if (surface_) SDL_FreeSurface(surface_);
  if (window_) SDL_DestroyWindow(window_);
}

void RenderTarget::beginFrame(float dtSeconds) {
  ImGuiIO& io = ImGui::GetIO();
  ImGui_ImplSDLRenderer_NewFrame();
  if (window_) {
    ImGui_ImplSDL2_NewFrame();
  } else {
    io.DisplaySize = ImVec2(static_cast<float>(w_), static_cast<float>(h_));
    io.DeltaTime = dtSeconds > 0 ? dtSeconds : 1.0f / 60.0f;
  }
  ImGui::NewFrame();
}

Result<void> RenderTarget::endFrame(const std::filesystem::path* screenshotTo) {
  ImGui::Render();
  SDL_SetRenderDrawColor(renderer_, 0, 0, 0, 255);
  SDL_RenderClear(renderer_);
  ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
  Result<void> shot;
  if (screenshotTo) shot = screenshot(*screenshotTo);
  SDL_RenderPresent(renderer_);
  return shot;
}

bool RenderTarget::handleEvent(const SDL_Event& e) {
  if (window_) ImGui_ImplSDL2_ProcessEvent(&e);
  return e.type != SDL_QUIT;
}

Result<std::vector<unsigned char>> RenderTarget::readPixelsRgb() {
  int w = w_, h = h_;
  if (window_) SDL_GetRendererOutputSize(renderer_, &w, &h);
  if (w != w_ || h != h_) return fail(ErrorCode::Unsupported, "the window was resized; screenshots need the configured size");
  std::vector<unsigned char> rgb(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
  if (SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_RGB24, rgb.data(), w * 3) != 0)
    return fail(ErrorCode::Io, std::string("cannot read the rendered pixels: ") + SDL_GetError());
  return rgb;
}

Result<void> RenderTarget::screenshot(const std::filesystem::path& png) {
  auto rgb = readPixelsRgb();
  if (!rgb) return tl::unexpected(rgb.error());
  return writePngRgb(png, w_, h_, *rgb);
}

}  // namespace bordergate::kiosk_app
