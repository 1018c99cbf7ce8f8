#!/bin/bash
# Lay out what check-distro adds to the testbed host's initramfs: a Debian
# loong64 root, /distro, with Debian's own QEMU (qemu-system-misc, of
# which only qemu-system-loongarch64 is kept), its UEFI firmware
# (qemu-efi-loongarch64), Debian's newest loong64 kernel as the guest's
# and, as the guest's initrd, guest-init with a Debian userspace (dash,
# coreutils, grep, sed and what they need) and /distro.sh.
#
#   distro-root.sh CACHE OUT GEN_INIT_CPIO GUEST_INIT VMM_TEST
#
# The packages come from sid (forky where a sid file does not download),
# through the private apt configuration of debian-fetch.sh, with every
# dependency apt resolves for loong64, and are unpacked with dpkg-deb -x:
# no loong64 code runs here. Kept in CACHE/distro-debs by name and version.
# OUT/root.cpio.zst is the root as an initramfs archive (with its symbolic
# links; the kernel unpacks it after the testbed's own, into /distro);
# OUT/check holds vmm-test and the program list (EXTRA_ROOT).
set -euo pipefail

cache=$1 out=$2 gen=$3 init=$4 vmmtest=$5
here=$(cd "$(dirname "$0")" && pwd)
host_pkgs="qemu-system-misc qemu-efi-loongarch64"
guest_pkgs="dash coreutils grep sed"

# The private apt configuration of debian-fetch.sh, read by it first
bash "$here/debian-fetch.sh" "$cache" "$cache/debs" 'qemu-system-misc' >/dev/null
apt=$cache/apt
debs=$cache/distro-debs
mkdir -p "$debs/partial"
opts=(-o "Dir::Etc::SourceList=$apt/sources.list"
	-o Dir::Etc::SourceParts=/dev/null
	-o "Dir::State::Lists=$apt/lists"
	-o "Dir::State::Status=$apt/status"
	-o "Dir::Cache=$apt/cache" -o "Dir::Cache::Archives=$debs"
	-o APT::Architecture=loong64 -o APT::Architectures::=loong64
	-o Acquire::Check-Valid-Until=false
	-o Debug::NoLocking=1 -q -y --no-install-recommends)

# fetch RELEASE PACKAGE...: the packages and their dependencies, as apt
# resolves them for an empty loong64 system; prints the .deb paths
fetch() {
	local release=$1
	shift
	# "Inst NAME (VERSION SUITE [ARCH])" for each package
	apt-get "${opts[@]}" -t "$release" -s install "$@" 2>/dev/null |
		sed -n 's/^Inst \([^ ]*\) (\([^ ]*\) [^[]*\[\([^]]*\)\].*/\1_\2_\3.deb/p' |
		sed 's/:/%3a/' >"$work/debs"
	[ -s "$work/debs" ] || return 1
	apt-get "${opts[@]}" -t "$release" -o APT::Get::Download-Only=true \
		install "$@" >"$work/apt.log" 2>&1 || return 1
	sed "s|^|$debs/|" "$work/debs"
}

# unpack DIR RELEASE...: the packages, from the first release that works
unpack() {
	local dir=$1 rel
	shift
	for rel in sid forky; do
		if fetch "$rel" "$@" >"$work/list"; then
			echo "distro-root: $* from $rel: $(wc -l <"$work/list") packages" >&2
			break
		fi
		echo "distro-root: $* do not download from $rel" >&2
		tail -n 3 "$work/apt.log" >&2
		[ "$rel" = forky ] && exit 1
	done
	mkdir -p "$dir"
	while read -r deb; do
		dpkg-deb -x "$deb" "$dir"
		case $(basename "$deb") in
		qemu-system-misc_*|qemu-efi-loongarch64_*|linux-binary-*)
			echo "distro-root: $(basename "$deb")" >&2 ;;
		esac
	done <"$work/list"
	# Merged /usr, as an installed system has it
	for d in bin sbin lib lib64; do
		if [ -d "$dir/usr/$d" ] && [ ! -e "$dir/$d" ]; then
			ln -s "usr/$d" "$dir/$d"
		fi
	done
	rm -rf "$dir"/usr/share/{doc,man,info,locale,lintian,bash-completion}
}

# cpio_list DIR PREFIX: gen_init_cpio's list of the tree under DIR, at PREFIX
cpio_list() {
	local dir=$1 prefix=$2 type path mode link
	(cd "$dir" && find . -mindepth 1 -printf '%y\t%P\t%m\t%l\n') | sort -t "$(printf '\t')" -k2,2 |
		while IFS=$'\t' read -r type path mode link; do
			case $path in *' '*) continue ;; esac
			case $type in
			d) echo "dir $prefix/$path $mode 0 0" ;;
			f) echo "file $prefix/$path $dir/$path $mode 0 0" ;;
			l) echo "slink $prefix/$path $link 777 0 0" ;;
			esac
		done
}

rm -rf "$out"
mkdir -p "$out/check/vmm" "$out/check/etc"
work=$(mktemp -d /var/tmp/distro-root.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The host's root: Debian's QEMU for loongarch64 only
root=$work/root
unpack "$root" $host_pkgs
find "$root/usr/bin" -name 'qemu-system-*' ! -name qemu-system-loongarch64 -delete
firmware=$(cd "$root" && find usr/share -name QEMU_EFI.fd | head -n 1)
[ -n "$firmware" ] || { echo "distro-root: no QEMU_EFI.fd" >&2; exit 1; }

# The guest: Debian's kernel, and its initrd with a Debian userspace
bindeb=$(bash "$here/debian-fetch.sh" "$cache" "$cache/debs" \
	'linux-binary-7\.[0-9.]+\+deb[0-9]+-loong64')
dpkg-deb -x "$bindeb" "$work/binary"
mkdir -p "$root/guest"
cp "$(find "$work/binary" -name vmlinuz -type f)" "$root/guest/vmlinuz"
guest=$work/guest
unpack "$guest" $guest_pkgs
# What the guest's programs compute, computed here by this machine's
want=$(seq 1 200000 | grep -v 7 | LC_ALL=C sort -r | sha256sum)
cat >"$guest/distro.sh" <<SCRIPT
#!/bin/sh
# check-distro, in the guest: Debian's programs (their dynamic loader,
# glibc's string functions) compute what the build machine computed.
export PATH=/usr/bin:/bin LC_ALL=C
LD_SHOW_AUXV=1 /bin/true | grep HWCAP | sed 's/^/GUEST: /'
got=\$(seq 1 200000 | grep -v 7 | sort -r | sha256sum)
if [ "\$got" = "$want" ]; then
	echo "GUEST: strings PASS"
else
	echo "GUEST: strings FAIL: \$got, expected $want"
	exit 1
fi
SCRIPT
chmod 755 "$guest/distro.sh"
cp "$init" "$guest/init"
mkdir -p "$guest/dev" "$guest/proc" "$guest/sys" "$guest/tmp"
{
	echo "nod /dev/console 0600 0 0 c 5 1"
	cpio_list "$guest" ""
} >"$work/guest.list"
"$gen" -t 0 "$work/guest.list" >"$root/guest/initrd.cpio"

cpio_list "$root" /distro >"$work/root.list"
sed -i '1i dir /distro 0755 0 0' "$work/root.list"
# Compressed: QEMU's direct boot puts the initrd in the 256 MiB of low
# memory, with the kernel (the test kernel has CONFIG_RD_ZSTD)
"$gen" -t 0 "$work/root.list" | zstd -q -T0 -6 >"$out/root.cpio.zst"

cp "$vmmtest" "$out/check/vmm/vmm-test"
echo "distro /vmm/vmm-test 7200 distro /usr/bin/qemu-system-loongarch64 /$firmware /guest/vmlinuz /guest/initrd.cpio" \
	>"$out/check/etc/programs.list"
echo "distro-root: $(du -sh "$root" | cut -f1) root, guest initrd $(du -h "$root/guest/initrd.cpio" | cut -f1)" >&2
