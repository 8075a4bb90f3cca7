"""The bilingual term glossary: candidates per language, termhood, pairing, the stored glossary.

Flow: `candidates_ru` / `candidates_kk` find term candidates in each segment of the TM's pairs,
`termhood` scores them, `pairing` links kk and ru terms one-to-one from co-occurrence in pairs and
embedding similarity, `build` stores the glossary (keeping reviewed entries), `lookup` finds
entries from any inflected form or inside a sentence.
"""
