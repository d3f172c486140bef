#!/usr/bin/python3
"""Baseline for scripts/bench/images: torchvision's resnet18 trained from scratch on a shapes
folder the way a Python user would write it — ImageFolder + PIL transforms (every image
decoded and resized again each epoch), a DataLoader, AdamW with PyTorch's OneCycleLR set as
fastai's fit_one_cycle, fp32, torch.set_num_threads(threads).

    images.py DATA/shapes --epochs 4 --batch-size 32 --image-size 64 --threads 2

Prints the fastai-style table, then one JSON line: {"epoch_seconds": [...], "valid_accuracy",
"train_images", "valid_images", "train_steps_per_epoch"}.
"""
import argparse
import json
import time

import torch
import torchvision
from torch.utils.data import DataLoader, Subset
from torchvision import transforms

MEAN, STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--image-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--valid-pct", type=float, default=0.2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    tfm = transforms.Compose([transforms.Resize((args.image_size, args.image_size)), transforms.ToTensor(),
                              transforms.Normalize(MEAN, STD)])
    dataset = torchvision.datasets.ImageFolder(args.folder, transform=tfm)
    order = torch.randperm(len(dataset)).tolist()
    n_valid = round(args.valid_pct * len(dataset))
    train_dl = DataLoader(Subset(dataset, order[n_valid:]), batch_size=args.batch_size, shuffle=True, drop_last=True)
    valid_dl = DataLoader(Subset(dataset, order[:n_valid]), batch_size=2 * args.batch_size)

    model = torchvision.models.resnet18(num_classes=len(dataset.classes))
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.99), eps=1e-5, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, total_steps=args.epochs * len(train_dl),
                                                   pct_start=0.25, div_factor=25, final_div_factor=1e5,
                                                   base_momentum=0.85, max_momentum=0.95)
    loss_fn = torch.nn.CrossEntropyLoss()
    epoch_seconds, accuracy = [], 0.0
    print("epoch  train_loss  valid_loss  accuracy  time", flush=True)
    for epoch in range(args.epochs):
        start = time.perf_counter()
        model.train()
        for images, labels in train_dl:
            optimizer.zero_grad()
            loss = loss_fn(model(images), labels)
            loss.backward()
            optimizer.step()
            schedule.step()
        model.eval()
        valid_loss, correct = 0.0, 0
        with torch.no_grad():
            for images, labels in valid_dl:
                logits = model(images)
                valid_loss += loss_fn(logits, labels).item() * len(labels)
                correct += (logits.argmax(1) == labels).sum().item()
        epoch_seconds.append(time.perf_counter() - start)
        accuracy = correct / n_valid
        print(f"{epoch:<6} {loss.item():<11.6f} {valid_loss / n_valid:<11.6f} {accuracy:<9.6f} "
              f"{epoch_seconds[-1]:.2f}s", flush=True)
    print(json.dumps({"epoch_seconds": epoch_seconds, "valid_accuracy": accuracy,
                      "train_images": len(dataset) - n_valid, "valid_images": n_valid,
                      "train_steps_per_epoch": len(train_dl)}))


if __name__ == "__main__":
    main()
