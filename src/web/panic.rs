//! A Rust panic must never leave a blank page: this hook logs it and shows a panel with the
//! message on top of whatever is rendered (the Wasm instance is unusable after a panic).

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let msg = info.to_string();
        show(&msg);
    }));
}

fn show(msg: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = doc.body() else { return };
    // Only the first panic is the cause; later ones are its echoes while unwinding.
    if doc.get_element_by_id("panic-panel").is_some() {
        return;
    }
    let Ok(panel) = doc.create_element("div") else {
        return;
    };
    panel.set_id("panic-panel");
    let _ = panel.set_attribute("role", "alert");
    let title = doc.create_element("h2").ok();
    let text = doc.create_element("pre").ok();
    let hint = doc.create_element("p").ok();
    if let (Some(t), Some(p), Some(h)) = (title, text, hint) {
        t.set_text_content(Some("Headroom stopped because of an internal error"));
        p.set_text_content(Some(msg));
        h.set_text_content(Some("Reload the page to start again. Your sources and settings are kept. Please report this message to the Headroom team."));
        let _ = panel.append_child(&t);
        let _ = panel.append_child(&p);
        let _ = panel.append_child(&h);
    }
    let _ = body.append_child(&panel);
}
