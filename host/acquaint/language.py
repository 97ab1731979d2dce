"""Which language a message is in, well enough to know whether the ask detector reads it.

The detector is trained on English, German, Spanish, French and Portuguese. A message in another language must
be told as "can't tell (language)", never as "asks nothing". Two signals, both cheap and without a model file:
the script (Cyrillic, Greek, Arabic, Hebrew, CJK, Thai, Devanagari… are none of the five), and, for Latin
script, the share of each language's most common function words. A text too short to say is taken as
readable: the detector then does its best, as it did before.
"""

from __future__ import annotations

import re
import unicodedata

SUPPORTED = ("en", "de", "es", "fr", "pt")
NAMES = {"en": "English", "de": "German", "es": "Spanish", "fr": "French", "pt": "Portuguese", "it": "Italian",
         "nl": "Dutch", "pl": "Polish", "sv": "Swedish", "da": "Danish", "no": "Norwegian", "fi": "Finnish",
         "tr": "Turkish", "id": "Indonesian", "ro": "Romanian", "cs": "Czech", "hu": "Hungarian",
         "vi": "Vietnamese"}

# The most frequent short words of each language, spelt without accents (as text is compared after folding).
# Words two languages share ("de", "a", "en") count for both; what decides is the share over the whole message.
_FUNCTION_WORDS = {
    "en": "the and you to of is it that for in on my your me can could would will with this be are have i we "
          "do not if what so just about at from an a please thanks hi hey",
    "de": "der die das und ich du sie ist nicht ein eine mit zu auf fur den dem mir dich dir wir ihr hast habe "
          "kannst konnten konntest wurdest bitte danke hallo auch noch mal gerne uber sich es bei wie was",
    "es": "el la los las que y de en un una por para con mi tu me te se lo es no si muy puedes podrias "
          "gracias hola pero mas como esta estoy tengo quieres usted le del al sobre",
    "fr": "le la les et de des un une est je tu vous il pour que qui pas ne sur avec mon ma mes ton ta "
          "merci bonjour salut pourrais pourriez peux votre vos nous ce cette dans au aux est-ce c'est",
    "pt": "o a os as que e de do da dos das em um uma para com voce eu meu minha seu sua nao por mais "
          "obrigado obrigada ola oi pode poderia tudo bem isso esta estou tenho muito no na",
    "it": "il lo gli che e di un una per con mi ti non sono sei puoi potresti grazie ciao della del nel "
          "questo questa anche ma come io tu lei suo tuo mio",
    "nl": "de het een en van ik je jij u niet is dat die voor met op zijn kun kunt zou bedankt hallo ook "
          "maar mijn jouw wat hoe er",
    "pl": "i w na nie sie jest to ze z do czy mi mnie ty pan pani moze mozesz dziekuje czesc jak co tak ale",
    "sv": "och att det som en ett jag du inte ar pa med for av till kan skulle tack hej min din vi",
    "da": "og at det som en et jeg du ikke er pa med for af til kan ville tak hej min din vi",
    "tr": "ve bir bu da de icin ile ben sen siz mi mu ne cok tesekkurler merhaba var yok olarak gibi",
    "id": "dan yang di ke dari ini itu saya anda kamu tidak untuk dengan bisa tolong terima kasih halo",
    "ro": "si in la de cu pe nu este sunt eu tu tine mine multumesc buna poti ai un o pentru",
}
_LANGUAGE_OF: dict[str, set[str]] = {}
for _language, _words in _FUNCTION_WORDS.items():
    for _word in _words.split():
        _LANGUAGE_OF.setdefault(_word, set()).add(_language)

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
MIN_WORDS = 4      # fewer words than this say too little: taken as readable
MIN_EVIDENCE = 2   # function words needed before a Latin-script message is called unsupported


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _script_share(text: str) -> float:
    """The share of letters that are not Latin: Cyrillic, Greek, CJK, Arabic…"""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    latin = sum(1 for c in letters if c < "\u0250" or "\u1e00" <= c <= "\u1eff")
    return 1 - latin / len(letters)


def _script(text: str) -> str:
    """The script of the first letter that is not Latin, as Unicode names it: "Cyrillic", "Arabic", "CJK"…"""
    for c in text:
        if c.isalpha() and not (c < "\u0250" or "\u1e00" <= c <= "\u1eff"):
            first = unicodedata.name(c, "OTHER").split()[0]
            return first if first == "CJK" else first.capitalize()
    return "Other"


def identify(text: str) -> str | None:
    """The message's language code, "script:NAME" for a script none of the five use, or None when it cannot
    tell."""
    if _script_share(text) > 0.5:
        return f"script:{_script(text)}"
    words = _WORD.findall(_fold(text))
    if len(words) < MIN_WORDS:
        return None
    votes = dict.fromkeys(_FUNCTION_WORDS, 0.0)
    for word in words:
        for language in _LANGUAGE_OF.get(word, ()):
            votes[language] += 1 / len(_LANGUAGE_OF[word])
    best = max(votes, key=votes.get)
    if votes[best] < MIN_EVIDENCE:
        return None
    return best


def unsupported(text: str) -> str | None:
    """The language's name when the message is surely in one the detector does not read, else None."""
    language = identify(text)
    if language is None or language in SUPPORTED:
        return None
    if language.startswith("script:"):
        return f"{language.removeprefix('script:')} script"
    return NAMES[language]
