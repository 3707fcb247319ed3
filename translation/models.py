"""The translation app's models; they live in `states`, named for what they record."""

from .states import State, TranslationState

__all__ = ["State", "TranslationState"]
