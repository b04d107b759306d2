"""Decode ids and count a chat: token ids back to text, and a conversation in each model's chat template."""

from __future__ import annotations

import streamlit as st

import tokenlab
from tokenlab import settings
from tokenlab.text.ids import parse_ids
from tokenlab.text.marked import marked_html
from tokenlab.text.markup import markdown_text
from tokenlab.tokenizers.chat import ROLES, chat_template, count_chat, templated_tokenizers
from tokenlab.tokenizers.decode import decode_ids
from ui.hub import hub_adder, tokenizer_options
from ui.state import cached_tokenizer, catalogue_names, visitor_tokenizer

#: "Hello, world! 你好 👋" and <|endoftext|> in GPT-4o's ids: a word, CJK, an emoji split in two, a special.
DEFAULT_IDS = "[13225, 11, 2375, 0, 220, 177519, 61138, 233, 199999]"
DEFAULT_TURNS = (
    ("user", "What is the capital of France?"),
    ("assistant", "Paris."),
)
DEFAULT_CHAT_TOKENIZERS = ["qwen3", "gemma3", "deepseek-v3", "gemma2", "llama3"]


def decode_section() -> None:
    names = tokenizer_options("decode_tokenizer")
    if "decode_tokenizer" not in st.session_state:
        st.session_state.decode_tokenizer = "o200k_base"
    pick, ids_col = st.columns([1, 2])
    pick.selectbox("Tokenizer", list(names), key="decode_tokenizer", format_func=names.get)
    ids_col.text_area(
        "Token ids",
        value=DEFAULT_IDS,
        key="decode_ids",
        height=100,
        help=f"A JSON list or numbers separated by commas or spaces; at most {settings.MAX_DECODE_IDS:,}.",
    )
    with st.expander("Decode with your own tokenizer file"):
        own_file = st.file_uploader(
            "A tokenizer.json (or .json.gz), a .tiktoken rank file or a SentencePiece .model; it replaces the "
            "tokenizer picked above while it is here.",
            type=["json", "gz", "tiktoken", "model"],
            key="decode_tokenizer_file",
        )
    hub_adder("decode_tokenizer")
    try:
        ids = parse_ids(st.session_state.decode_ids)
        if not ids:
            st.info("Paste some token ids, such as [9906, 1917].")
            return
        if own_file is not None:
            tokenizer = visitor_tokenizer(own_file)
            label = f"{tokenizer.info.label} (your file)"
        else:
            tokenizer = cached_tokenizer(st.session_state.decode_tokenizer)
            label = names[st.session_state.decode_tokenizer]
        decoded = decode_ids(tokenizer, ids)
    except tokenlab.TokenlabError as error:
        st.error(markdown_text(str(error)))
        return
    specials = sum(token.kind is tokenlab.TokenKind.SPECIAL for token in decoded.tokens)
    st.caption(
        f"{len(ids):,} ids decoded by {markdown_text(label)}'s own library: {len(decoded.text):,} characters, "
        f"{specials:,} special token{'' if specials == 1 else 's'} (marked)."
    )
    st.html(marked_html(decoded.parts))
    with st.expander("The decoded text, plain (to copy)"):
        st.code(decoded.text, language=None, wrap_lines=True)
    st.dataframe(
        decoded.rows(),
        hide_index=True,
        width="stretch",
        column_config={
            "position": st.column_config.NumberColumn("#", format="%d"),
            "id": st.column_config.NumberColumn("id", format="%d"),
            "piece": st.column_config.TextColumn(
                "piece", help="The vocabulary entry; bytes that are not UTF-8 as <0xNN>"
            ),
            "bytes": st.column_config.TextColumn("bytes (hex)"),
            "kind": st.column_config.TextColumn("kind"),
        },
    )


def turn_count() -> int:
    return int(st.session_state.setdefault("chat_turns", len(DEFAULT_TURNS)))


def add_turn() -> None:
    count = turn_count()
    if count < settings.MAX_CHAT_TURNS:
        last = st.session_state.get(f"chat_role_{count - 1}", "assistant")
        st.session_state[f"chat_role_{count}"] = "assistant" if last == "user" else "user"
        st.session_state.chat_turns = count + 1


def remove_turn() -> None:
    st.session_state.chat_turns = max(1, turn_count() - 1)


def chat_section() -> None:
    for number, (role, content) in enumerate(DEFAULT_TURNS):
        st.session_state.setdefault(f"chat_role_{number}", role)
        st.session_state.setdefault(f"chat_content_{number}", content)
    messages = []
    for number in range(turn_count()):
        role_col, content_col = st.columns([1, 4])
        role_col.selectbox(f"Turn {number + 1}", ROLES, key=f"chat_role_{number}")
        content_col.text_area(
            f"Turn {number + 1} text", key=f"chat_content_{number}", height=80, label_visibility="collapsed"
        )
        messages.append(
            {
                "role": st.session_state[f"chat_role_{number}"],
                "content": st.session_state.get(f"chat_content_{number}", ""),
            }
        )
    add_col, remove_col, _ = st.columns([1, 1, 2])
    add_col.button("Add a turn", on_click=add_turn, disabled=turn_count() >= settings.MAX_CHAT_TURNS)
    remove_col.button("Remove the last turn", on_click=remove_turn, disabled=turn_count() <= 1)

    names = catalogue_names()
    st.multiselect(
        "Tokenizers",
        list(names),
        default=DEFAULT_CHAT_TOKENIZERS,
        key="chat_tokenizers",
        format_func=names.get,
    )
    st.toggle(
        "Add the assistant's generation prompt",
        key="chat_generation_prompt",
        help="What a request ends with: the header of the assistant turn the model is to write.",
    )
    chosen: list[str] = st.session_state.chat_tokenizers
    if not chosen:
        st.info("Pick at least one tokenizer.")
        return
    counts = []
    without = []
    for tokenizer_id in chosen:
        template = chat_template(tokenizer_id)
        if template is None:
            without.append(names[tokenizer_id])
            continue
        try:
            tokenizer = cached_tokenizer(tokenizer_id)
            counts.append(count_chat(tokenizer, template, messages, st.session_state.chat_generation_prompt))
        except tokenlab.TokenlabError as error:
            st.warning(markdown_text(str(error)))
    if without:
        st.caption(f"No chat template in the bundled files of {markdown_text(', '.join(without))}.")
    if not counts:
        return
    st.subheader("Tokens per model")
    st.dataframe(
        [
            {"tokenizer": names[c.tokenizer_id], "total": c.total, "content": c.content, "added": c.added}
            for c in counts
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "total": st.column_config.NumberColumn("total", format="localized", help="Tokens of the rendered prompt"),
            "content": st.column_config.NumberColumn(
                "turns' own", format="localized", help="Each turn's text encoded alone, summed"
            ),
            "added": st.column_config.NumberColumn(
                "template adds", format="localized", help="Total less the turns' own tokens: the template's frame"
            ),
        },
    )
    templated = ", ".join(names[tokenizer_id] for tokenizer_id in templated_tokenizers())
    st.caption(
        "Counted with each model's own chat template (Jinja, rendered in a sandbox as transformers does) from the "
        "package its tokenizer came from; a special token in the prompt counts as one token, even typed in a turn. "
        f"Bundled tokenizers that ship a template: {markdown_text(templated)}."
    )
    st.subheader("Rendered prompts")
    for counted in counts:
        label = f"{names[counted.tokenizer_id]}: {counted.total:,} tokens, {counted.added:,} from the template"
        with st.expander(label):
            st.html(marked_html(counted.parts))


st.title("Decode ids, count a chat")
st.caption("Turn token ids back into text with any tokenizer, or see what a conversation costs in each model's format.")
decode_tab, chat_tab = st.tabs(["Decode ids", "Count a chat"])
with decode_tab:
    decode_section()
with chat_tab:
    chat_section()
