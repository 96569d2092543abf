//! Icons: one maintained SVG set (Lucide, from the `icondata_lu` crate), drawn inline in the
//! current text colour. Only the icons named somewhere end up in the bundle (each is a static
//! the linker keeps only when used). Icons are decoration: hidden from assistive technology,
//! the text beside them says what they mean.

use leptos::prelude::*;

/// An icon of the set (`icondata_lu::LuUsers`, ...).
pub type IconData = &'static icondata_core::IconData;

/// `icon` as an inline SVG, 1em square unless `size` says otherwise.
#[component]
pub fn Icon(
    /// Which icon.
    icon: IconData,
    /// Width and height in CSS pixels; default 1em (the surrounding text's size).
    #[prop(optional)]
    size: Option<u16>,
) -> impl IntoView {
    let size = size.map_or_else(|| "1em".to_owned(), |s| s.to_string());
    view! {
        <svg
            class="icon"
            viewBox=icon.view_box.unwrap_or("0 0 24 24")
            width=size.clone()
            height=size
            fill=icon.fill.unwrap_or("none")
            stroke=icon.stroke.unwrap_or("currentColor")
            stroke-width=icon.stroke_width.unwrap_or("2")
            stroke-linecap=icon.stroke_linecap.unwrap_or("round")
            stroke-linejoin=icon.stroke_linejoin.unwrap_or("round")
            aria-hidden="true"
            focusable="false"
            inner_html=icon.data
        ></svg>
    }
}
