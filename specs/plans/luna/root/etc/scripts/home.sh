#!/bin/sh
# Run by the 00-home service: a writable home directory for selene on a tmpfs.
mount -t tmpfs tmpfs /home/selene
mkdir /home/selene/Desktop
mkdir /home/selene/Documents
chown selene:selene /home/selene
chown selene:selene /home/selene/Desktop
chown selene:selene /home/selene/Documents
