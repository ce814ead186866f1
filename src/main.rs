//! Entry point of the Wasm build: installs the panic panel and mounts the app. Nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    headroom::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "headroom is a browser app: build it with `make run` or `make dist` (Trunk, wasm32)."
    );
    std::process::exit(2);
}
