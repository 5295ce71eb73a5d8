"""The footer of keys, recomposed only when the keys it shows change.

Textual's Footer recomposes (a dozen key widgets unmounted, made, styled and drawn again)
after every refresh that follows a bindings change: each focus change, the app gaining focus,
a screen pushed. At the start of the app three come in a row (no focus, the search box, the
search box again), two of them showing the same keys, while the corpus and a first search
want the same thread. This one recomposes at most once per refresh, and not at all when the
keys, their descriptions and whether they are enabled are what it shows already.
"""

from __future__ import annotations

from textual.widgets import Footer


class KeyFooter(Footer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._recompose_pending = False
        self._keys_shown: tuple | None = None

    def bindings_changed(self, screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._recompose_pending:
            self._recompose_pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._recompose_pending = False
        keys = self._keys()
        if keys != self._keys_shown:
            self._keys_shown = keys
            await self.recompose()

    def _keys(self) -> tuple:
        """What `compose` draws from: every active binding, enabled or not, with its tooltip."""
        return tuple((binding.key, binding.action, binding.description, binding.show, binding.group,
                      binding.key_display, enabled, tooltip)
                     for _, binding, enabled, tooltip in self.screen.active_bindings.values())
