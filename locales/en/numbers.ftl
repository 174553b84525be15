# English. Words around a number in an answer: "17.9 bn", "500 thousand tenge" (read by the bot, never shown).
## Comma-separated. A word of any language is understood in every language: people mix them ("1,5 mln").
number-words-thousand = k, thousand, thousands, thsd
number-words-million = mln, m, mn, million, millions
number-words-billion = mlrd, bn, billion, billions
number-words-currency = tenge, kzt, ₸
