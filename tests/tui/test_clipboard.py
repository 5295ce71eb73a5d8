import base64

from tanwen.tui.clipboard import (
    copy_everywhere,
    osc52,
    system_clipboard_usable,
    terminal_sequences,
    tmux_passthrough,
)

TEXT = "2024年，天津R&D经费投入强度达到3.44%"


def test_osc52_sequence():
    payload = base64.b64encode(TEXT.encode("utf-8")).decode("ascii")
    assert osc52(TEXT) == f"\x1b]52;c;{payload}\a"
    decoded = base64.b64decode(osc52(TEXT)[7:-1]).decode("utf-8")
    assert decoded == TEXT


def test_tmux_passthrough_wraps_and_doubles_escapes():
    wrapped = tmux_passthrough(osc52("x"))
    assert wrapped.startswith("\x1bPtmux;\x1b\x1b]52;c;")
    assert wrapped.endswith("\a\x1b\\")
    inner = wrapped[len("\x1bPtmux;"):-2]
    assert inner.replace("\x1b\x1b", "\x1b") == osc52("x")


def test_terminal_sequences_inside_and_outside_tmux():
    assert terminal_sequences(TEXT, {}) == [osc52(TEXT)]
    inside = terminal_sequences(TEXT, {"TMUX": "/tmp/tmux-0/default,1,0"})
    assert inside == [osc52(TEXT), tmux_passthrough(osc52(TEXT))]


def test_system_clipboard_only_where_the_user_is():
    assert system_clipboard_usable({}, "darwin")
    assert not system_clipboard_usable({"SSH_CONNECTION": "1 2 3 4"}, "linux")
    assert not system_clipboard_usable({}, "linux")
    assert system_clipboard_usable({"DISPLAY": ":0"}, "linux")
    assert system_clipboard_usable({"WAYLAND_DISPLAY": "wayland-0"}, "linux")


def test_fallback_when_no_tool_takes_it():
    written = []
    outcome = copy_everywhere(TEXT, "figure", write_terminal=written.append, env={}, platform="linux",
                              system=lambda text: None, tmux=lambda text: False)
    assert written == [osc52(TEXT)]
    assert not outcome.verified
    title, message, severity = outcome.summary()
    assert title == "Copied figure"
    assert severity == "warning"
    assert TEXT in message                   # readable: the text itself, to select by hand
    assert "OSC 52" in message and "xclip" in message


def test_system_clipboard_when_local():
    seen = []

    def system(text):
        seen.append(text)
        return "xclip"

    outcome = copy_everywhere(TEXT, "quote", write_terminal=lambda s: None, env={"DISPLAY": ":0"},
                              platform="linux", system=system, tmux=lambda text: False)
    assert seen == [TEXT]
    assert outcome.verified
    assert outcome.routes == ["terminal (OSC 52)", "system clipboard (xclip)"]
    title, message, severity = outcome.summary()
    assert severity == "information" and "xclip" in message


def test_tmux_buffer_and_passthrough_inside_tmux():
    written, buffered = [], []
    outcome = copy_everywhere(TEXT, "figure", write_terminal=written.append, env={"TMUX": "x"},
                              platform="linux", system=lambda text: None,
                              tmux=lambda text: buffered.append(text) or True)
    assert len(written) == 2 and written[1].startswith("\x1bPtmux;")
    assert buffered == [TEXT]
    assert outcome.verified and "tmux buffer" in outcome.routes


def test_over_ssh_without_display_does_not_touch_the_remote_clipboard():
    called = []
    copy_everywhere(TEXT, "figure", write_terminal=lambda s: None,
                    env={"SSH_TTY": "/dev/pts/1"}, platform="linux",
                    system=lambda text: called.append(text), tmux=lambda text: False)
    assert called == []


def test_long_text_is_whole_unless_a_clipboard_surely_took_it():
    only_osc52 = copy_everywhere("字" * 500, "quote", write_terminal=None, env={}, platform="linux",
                                 system=lambda text: None, tmux=lambda text: False)
    assert "字" * 500 in only_osc52.summary()[1]        # the notification is the user's copy
    in_tmux = copy_everywhere("字" * 500, "quote", write_terminal=None, env={"TMUX": "x"},
                              platform="linux", system=lambda text: None, tmux=lambda text: True)
    message = in_tmux.summary()[1]
    assert "字" * 159 + "…" in message and "字" * 161 not in message
