"""Texts that exercise what tokenizers disagree on: scripts, whitespace, emoji, lookalike specials."""

MULTILINGUAL = {
    "english": "The quick brown fox jumps over the lazy dog. It's 3:45pm; don't panic!",
    "probe": "Hello world, 你好世界 123456",
    "code": 'def f(x):\n\treturn {"key": x ** 2}  # comment\r\n',
    "chinese": "人人生而自由，在尊严和权利上一律平等。",
    "japanese": "すべての人間は、生まれながらにして自由である。",
    "hindi": "सभी मनुष्यों को गौरव और अधिकारों के मामले में जन्मजात स्वतन्त्रता प्राप्त है।",
    "tamil": "மனிதப் பிறவியினர் சகலரும் சுதந்திரமாகவே பிறக்கின்றனர்.",
    "arabic": "يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق.",
    "hebrew": "כל בני האדם נולדו בני חורין ושווים בערכם ובזכויותיהם.",
    "russian": "Все люди рождаются свободными и равными в своем достоинстве и правах.",
    "turkish": "Bütün insanlar hür, haysiyet ve haklar bakımından eşit doğarlar.",
    "vietnamese": "Tất cả mọi người sinh ra đều được tự do và bình đẳng về nhân phẩm và quyền.",
    "burmese": "လူတိုင်းသည် တူညီ လွတ်လပ်သော ဂုဏ်သိက္ခာဖြင့်",
    "emoji": "family 👨‍👩‍👧‍👦, thumbs 👍🏽, flag 🇺🇳, dna 🧬",
    "combining": "e\u0301 a\u0308 Z\u0335\u0321 ﬁ ㎏ Å",
    "whitespace": "  two  spaces\ttab\n\nnewlines\r\nCRLF   \u00a0nbsp\u3000ideographic",
    "control": "nul\x00bell\x07esc\x1b[0m",
    "specials": "<s> </s> <unk> [CLS] [SEP] <|endoftext|> <|im_start|> <bos> <|begin_of_text|>",
    "numbers": "3.14159 1,000,000 2024-11-23 0x1F 1e-9 12345678901234567890",
    "math": r"\int_0^\infty e^{-x^2}\,dx = \frac{\sqrt{\pi}}{2}",
}
