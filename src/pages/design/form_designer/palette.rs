//! The palette: every widget of the schema, in groups, each a button that adds it (click or
//! Enter) and a drag source (onto the canvas, into grid columns, tabs, groups, sub-tables).

use icondata_lu::{
    LuCalendar, LuCalendarRange, LuCaseSensitive, LuChevronDown, LuCircleDot, LuClock,
    LuClockArrowUp, LuCoins, LuColumns2, LuFileUp, LuFolderTree, LuHash, LuImage, LuInfo,
    LuNetwork, LuPalette, LuPanelsTopLeft, LuSeparatorHorizontal, LuSignature, LuSlidersHorizontal,
    LuSquareCheck, LuSquareMenu, LuStar, LuTable, LuText, LuToggleLeft, LuTypeOutline, LuUser,
};
use leptos::prelude::*;

use super::{DesignerState, Drag};
use crate::i18n::{design as text, tr, use_locale, Text};
use crate::kit::icon::{Icon, IconData};

/// One widget as the palette and the canvas name it.
#[derive(Debug, Clone, Copy)]
pub struct WidgetInfo {
    /// The schema's `type`.
    pub type_name: &'static str,
    /// Its name in the palette, and the label a new field starts with.
    pub name: Text,
    /// Its icon.
    pub icon: IconData,
}

const fn w(type_name: &'static str, name: Text, icon: IconData) -> WidgetInfo {
    WidgetInfo {
        type_name,
        name,
        icon,
    }
}

/// The palette's groups, in order, each with its widgets.
pub const GROUPS: [(Text, &[WidgetInfo]); 5] = [
    (
        text::GROUP_BASIC,
        &[
            w("input", text::W_INPUT, LuTypeOutline),
            w("textarea", text::W_TEXTAREA, LuText),
            w("number", text::W_NUMBER, LuHash),
            w("amount", text::W_AMOUNT, LuCoins),
            w("switch", text::W_SWITCH, LuToggleLeft),
            w("rate", text::W_RATE, LuStar),
            w("slider", text::W_SLIDER, LuSlidersHorizontal),
            w("color", text::W_COLOR, LuPalette),
        ],
    ),
    (
        text::GROUP_CHOICE,
        &[
            w("select", text::W_SELECT, LuChevronDown),
            w("radio", text::W_RADIO, LuCircleDot),
            w("checkbox", text::W_CHECKBOX, LuSquareCheck),
            w("cascader", text::W_CASCADER, LuFolderTree),
            w("user_picker", text::W_USER_PICKER, LuUser),
            w("dept_picker", text::W_DEPT_PICKER, LuNetwork),
        ],
    ),
    (
        text::GROUP_TIME,
        &[
            w("date", text::W_DATE, LuCalendar),
            w("date_range", text::W_DATE_RANGE, LuCalendarRange),
            w("time", text::W_TIME, LuClock),
            w("time_range", text::W_TIME_RANGE, LuClockArrowUp),
            w("date_time", text::W_DATE_TIME, LuCalendar),
        ],
    ),
    (
        text::GROUP_FILES,
        &[
            w("image_upload", text::W_IMAGE_UPLOAD, LuImage),
            w("file_upload", text::W_FILE_UPLOAD, LuFileUp),
            w("signature", text::W_SIGNATURE, LuSignature),
            w("rich_text", text::W_RICH_TEXT, LuCaseSensitive),
        ],
    ),
    (
        text::GROUP_LAYOUT,
        &[
            w("grid", text::W_GRID, LuColumns2),
            w("tabs", text::W_TABS, LuPanelsTopLeft),
            w("group", text::W_GROUP, LuSquareMenu),
            w("sub_table", text::W_SUB_TABLE, LuTable),
            w("static_text", text::W_STATIC_TEXT, LuInfo),
            w("divider", text::W_DIVIDER, LuSeparatorHorizontal),
        ],
    ),
];

/// The palette entry of a `type`.
pub fn info(type_name: &str) -> Option<WidgetInfo> {
    GROUPS
        .iter()
        .flat_map(|(_, widgets)| widgets.iter())
        .find(|w| w.type_name == type_name)
        .copied()
}

/// The palette.
#[component]
pub fn Palette(state: DesignerState) -> impl IntoView {
    let locale = use_locale();
    view! {
        <nav class="dz-palette" aria-label=tr(text::PALETTE)>
            <h2 class="dz-pane-title">{tr(text::PALETTE)}</h2>
            <p class="dz-hint">{tr(text::PALETTE_HINT)}</p>
            {GROUPS
                .iter()
                .map(|(group, widgets)| {
                    let group = *group;
                    view! {
                        <section class="dz-palette-group">
                            <h3>{tr(group)}</h3>
                            <div class="dz-palette-items">
                                {widgets
                                    .iter()
                                    .map(|w| {
                                        let w = *w;
                                        view! {
                                            <button
                                                type="button"
                                                class="dz-palette-item"
                                                draggable="true"
                                                title=tr(text::ADD_HINT)
                                                on:click=move |_| state.add(w.type_name)
                                                on:dragstart=move |ev| {
                                                    state.start_drag(&ev, Drag::New(w.type_name))
                                                }
                                                on:dragend=move |_| state.end_drag()
                                            >
                                                <Icon icon=w.icon />
                                                <span>{move || w.name.of(locale.get())}</span>
                                            </button>
                                        }
                                    })
                                    .collect_view()}
                            </div>
                        </section>
                    }
                })
                .collect_view()}
        </nav>
    }
}
