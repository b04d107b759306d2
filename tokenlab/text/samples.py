"""Short sample texts for the segmentation explorer, one per thing tokenizers disagree on.

The language samples are article 1 of the Universal Declaration of Human Rights (free to
reproduce; see data/NOTICE), so the same meaning can be compared across scripts.
"""

from __future__ import annotations

SAMPLES: dict[str, str] = {
    "Mixed languages": (
        "Tokenizers split text differently. Les tokeniseurs découpent le texte. "
        "分词器以不同方式切分文本。 टोकनाइज़र पाठ को अलग ढंग से बाँटते हैं। "
        "Токенизаторы режут текст по-разному. 👋🏽 ¡Hola! 123,456.78"
    ),
    "English prose": (
        "All human beings are born free and equal in dignity and rights. They are endowed with "
        "reason and conscience and should act towards one another in a spirit of brotherhood."
    ),
    "Code (Python)": (
        "def fibonacci(n: int) -> list[int]:\n"
        '    """Return the first n Fibonacci numbers."""\n'
        "    seq = [0, 1]\n"
        "    while len(seq) < n:\n"
        "        seq.append(seq[-1] + seq[-2])\n"
        "    return seq[:n]\n"
    ),
    "JSON": '{"id": 4217, "name": "Ada Lovelace", "tags": ["math", "poetry"], "active": true, "score": 98.6}',
    "Math (LaTeX)": (
        r"\mathcal{L}(\theta) = -\sum_{i=1}^{N} \log p_\theta(x_i \mid x_{<i}), \quad "
        r"\int_{-\infty}^{\infty} e^{-x^2}\,dx = \sqrt{\pi}"
    ),
    "Numbers": "3.14159265 1,000,000 2024-11-23 0xDEADBEEF 1e-9 +44 20 7946 0958 12345678901234567890",
    "Emoji": "I ❤️ tokenizers 🤖✨ family: 👨‍👩‍👧‍👦 thumbs: 👍🏽 flags: 🇯🇵🇧🇷🇺🇳 dna: 🧬",
    "Chinese": "人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心，并应以兄弟关系的精神相对待。",
    "Hindi": (
        "सभी मनुष्यों को गौरव और अधिकारों के मामले में जन्मजात स्वतन्त्रता और समानता प्राप्त है। उन्हें बुद्धि और अन्तरात्मा की देन प्राप्त है।"
    ),
    "Arabic": (
        "يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق. وقد وهبوا عقلاً وضميرًا "
        "وعليهم أن يعامل بعضهم بعضًا بروح الإخاء."
    ),
    "Turkish": (
        "Bütün insanlar hür, haysiyet ve haklar bakımından eşit doğarlar. Akıl ve vicdana "
        "sahiptirler ve birbirlerine karşı kardeşlik zihniyeti ile hareket etmelidirler."
    ),
}

DEFAULT_SAMPLE = "Mixed languages"
