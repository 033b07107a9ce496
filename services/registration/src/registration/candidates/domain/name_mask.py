"""How a person is shown to someone who may know they exist but not who they are: each word
keeps its first and last letter ("I Wayan Sudarsana" -> "I W***n S*******a"); a NIK keeps its
region code and its last four digits."""

from __future__ import annotations


def mask_name(full_name: str) -> str:
    return " ".join(_mask_word(word) for word in full_name.split())


def _mask_word(word: str) -> str:
    if len(word) <= 1:
        return word
    if len(word) == 2:
        return word[0] + "*"
    return word[0] + "*" * (len(word) - 2) + word[-1]


def mask_nik(nik: str) -> str:
    if len(nik) != 16:
        return "*" * len(nik)
    return nik[:4] + "*" * 8 + nik[-4:]
