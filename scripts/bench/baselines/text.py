#!/usr/bin/python3
"""The PyTorch baseline of `hdl train text`: the same model, data, batch size, epochs,
schedule and threads, in Debian's python3-torch.

    text.py DATA_DIR [--epochs N] [--batch-size N] [--lr X] [--embedding N] [--hidden N]
            [--layers N] [--dropout X] [--min-freq N] [--valid-pct X] [--threads N] [--seed N]

Prints the fastai-like table and, last, one JSON line with the figures.
"""
import argparse
import json
import os
import random
import re
import sys
import time
from collections import Counter

import torch
from torch import nn

HEAD_HIDDEN = 50  # fastai's pooling classifier: lin_ftrs=[50]
UNK, PAD = "<unk>", "<pad>"


def tokenize(text):
    return [word for word in re.split(r"[^a-z']+", text.lower()) if word]


def load(folder):
    classes = sorted(d for d in os.listdir(folder) if os.path.isdir(os.path.join(folder, d)))
    items = []
    for label, name in enumerate(classes):
        class_dir = os.path.join(folder, name)
        for file in sorted(f for f in os.listdir(class_dir) if f.endswith(".txt")):
            with open(os.path.join(class_dir, file), encoding="utf-8") as stream:
                items.append((tokenize(stream.read()), label))
    return classes, items


class Classifier(nn.Module):
    """embedding -> LSTM -> [last, max-pool, mean-pool] -> fastai's pooling head."""

    def __init__(self, vocab_size, embedding, hidden, layers, dropout, classes, pad):
        super().__init__()
        self.pad = pad
        self.embedding = nn.Embedding(vocab_size, embedding, padding_idx=pad)
        self.input_dropout = nn.Dropout(dropout)
        self.lstm = nn.LSTM(embedding, hidden, layers, batch_first=True,
                            dropout=dropout if layers > 1 else 0.0)
        self.head = nn.Sequential(
            nn.BatchNorm1d(3 * hidden), nn.Dropout(dropout), nn.Linear(3 * hidden, HEAD_HIDDEN), nn.ReLU(),
            nn.BatchNorm1d(HEAD_HIDDEN), nn.Dropout(dropout), nn.Linear(HEAD_HIDDEN, classes))

    def forward(self, tokens, lengths):
        output, _ = self.lstm(self.input_dropout(self.embedding(tokens)))
        mask = (tokens != self.pad).unsqueeze(2)
        last = output[torch.arange(tokens.size(0)), lengths - 1]
        max_pool = output.masked_fill(~mask, float("-inf")).max(1).values
        mean_pool = (output * mask).sum(1) / lengths.unsqueeze(1).to(output.dtype)
        return self.head(torch.cat([last, max_pool, mean_pool], 1))


def batches(items, order, batch_size, pad, drop_last=False, word_dropout=0.0, rng=None):
    """As hdl: training drops the last incomplete batch and replaces words by <unk>."""
    order = list(order)
    stop = max(1, len(order) // batch_size) * batch_size if drop_last else len(order)
    for start in range(0, stop, batch_size):
        chunk = [items[i] for i in order[start:min(stop, start + batch_size)]]
        if word_dropout > 0:
            chunk = [([0 if rng.random() < word_dropout else w for w in ids], label) for ids, label in chunk]
        width = max(len(ids) for ids, _ in chunk)
        tokens = torch.tensor([ids + [pad] * (width - len(ids)) for ids, _ in chunk])
        lengths = torch.tensor([len(ids) for ids, _ in chunk])
        labels = torch.tensor([label for _, label in chunk])
        yield tokens, lengths, labels


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=1e-2)
    parser.add_argument("--embedding", type=int, default=32)
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--layers", type=int, default=1)
    parser.add_argument("--dropout", type=float, default=0.1)
    parser.add_argument("--word-dropout", type=float, default=0.1)
    parser.add_argument("--min-freq", type=int, default=2)
    parser.add_argument("--valid-pct", type=float, default=0.2)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    start = time.perf_counter()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    classes, texts = load(os.path.join(args.data, "sentiment_text"))
    load_seconds = time.perf_counter() - start
    start = time.perf_counter()  # as hdl's "seconds": split, vocabulary and training
    order = list(range(len(texts)))
    random.Random(args.seed).shuffle(order)
    cut = round(args.valid_pct * len(texts))
    valid_idx, train_idx = sorted(order[:cut]), sorted(order[cut:])

    counts = Counter(word for i in train_idx for word in texts[i][0])
    words = sorted((w for w, c in counts.items() if c >= args.min_freq), key=lambda w: (-counts[w], w))
    itos = [UNK, PAD] + words
    stoi = {w: i for i, w in enumerate(itos)}
    pad = stoi[PAD]
    numbered = [([stoi.get(w, 0) for w in tokens], label) for tokens, label in texts]
    train = [numbered[i] for i in train_idx]
    valid = [numbered[i] for i in valid_idx]

    model = Classifier(len(itos), args.embedding, args.hidden, args.layers, args.dropout, len(classes), pad)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.95, 0.99), eps=1e-5,
                                  weight_decay=0.01)
    steps = args.epochs * max(1, len(train) // args.batch_size)
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=args.lr, total_steps=steps, pct_start=0.25, anneal_strategy="cos",
        cycle_momentum=True, base_momentum=0.85, max_momentum=0.95, div_factor=25.0, final_div_factor=1e5)
    loss_fn = nn.CrossEntropyLoss()
    shuffle = random.Random(args.seed + 1)

    print(f"{'epoch':<7}{'train_loss':<12}{'valid_loss':<12}{'accuracy':<10}time")
    accuracy = 0.0
    for epoch in range(args.epochs):
        epoch_start = time.perf_counter()
        model.train()
        order = list(range(len(train)))
        shuffle.shuffle(order)
        total, count = 0.0, 0
        for tokens, lengths, labels in batches(train, order, args.batch_size, pad, True, args.word_dropout, shuffle):
            loss = loss_fn(model(tokens, lengths), labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            total += loss.item() * len(labels)
            count += len(labels)
        model.eval()
        valid_loss, correct = 0.0, 0
        with torch.no_grad():
            for tokens, lengths, labels in batches(valid, range(len(valid)), 512, pad):
                logits = model(tokens, lengths)
                valid_loss += loss_fn(logits, labels).item() * len(labels)
                correct += (logits.argmax(1) == labels).sum().item()
        accuracy = correct / len(valid)
        print(f"{epoch:<7}{total / count:<12.6f}{valid_loss / len(valid):<12.6f}{accuracy:<10.6f}"
              f"{time.perf_counter() - epoch_start:.2f}s", flush=True)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "load_seconds": load_seconds, "accuracy": accuracy, "epochs": args.epochs,
                      "threads": torch.get_num_threads(), "train": len(train), "valid": len(valid)}))


if __name__ == "__main__":
    sys.exit(main())
