"""The terms of FR.AK.01 (consent to the assessment and confidentiality) as the candidate reads
them on the phone and the assessor signs them: Bahasa Indonesia first, English beside it. A
signature names the version it was given on (a digest of the text), so what was agreed to
stays known when the wording changes."""

from __future__ import annotations

import hashlib

TERMS_ID = (
    "FR.AK.01 Persetujuan Asesmen dan Kerahasiaan\n"
    "1. Saya telah menerima penjelasan tentang rencana asesmen (MAPA): unit kompetensi, "
    "instrumen, waktu dan tempat, serta penyesuaian yang disepakati.\n"
    "2. Saya bersedia diases dengan instrumen tersebut, dan memahami hak saya untuk "
    "mengajukan banding atas keputusan asesmen.\n"
    "3. Asesor dan LSP menjaga kerahasiaan bukti dan hasil asesmen; keduanya hanya "
    "dipakai untuk keputusan sertifikasi.\n"
    "4. Saya tidak akan membagikan soal ujian kepada siapa pun."
)
TERMS_EN = (
    "FR.AK.01 Assessment consent and confidentiality\n"
    "1. I have been told the assessment plan (MAPA): the units of competency, the "
    "instruments, the time and place, and the adjustments agreed.\n"
    "2. I agree to be assessed with those instruments, and I know my right to appeal the "
    "assessment's decision.\n"
    "3. The assessor and the LSP keep the evidence and the results confidential; they are "
    "used for the certification decision only.\n"
    "4. I will not share the exam's questions with anyone."
)
TERMS_VERSION = "AK.01-" + hashlib.sha256(f"{TERMS_ID}\n{TERMS_EN}".encode()).hexdigest()[:12]
