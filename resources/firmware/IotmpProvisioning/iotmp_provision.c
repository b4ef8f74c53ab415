/*
 * IoTMP serial provisioning, device side. See iotmp_provision.h and docs/serial-provisioning.md.
 *
 * EEPROM record at io->eeprom_base:
 *   'I' 'P' version(1) length(u16 LE: bytes of entries) entries… crc(u16 LE)
 *   entry: key index(1) value length(1) value bytes
 *   crc: CRC-16/CCITT-FALSE of everything from 'I' to the last entry byte.
 * COMMIT writes the whole record, reads it back and checks it before answering OK.
 */
#include "iotmp_provision.h"

#include <string.h>

static const char *const KEYS[] = {"host", "port", "user", "device", "credential", "ssid", "psk"};
#define KEY_COUNT 7
#define SECRET(k) ((k) == 4 || (k) == 6)
#define HEADER 5

static const iotmp_prov_io *io;
static char line[IOTMP_PROV_LINE_MAX + 1];
static uint16_t line_len;
static uint8_t line_overflow;
/* Staged entries (same layout as in EEPROM), written by COMMIT. */
static uint8_t staged[IOTMP_PROV_SPACE];
static uint16_t staged_len;

static uint16_t crc16(uint16_t crc, uint8_t b)
{
	crc ^= (uint16_t)b << 8;
	for (uint8_t i = 0; i < 8; i++)
		crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
	return crc;
}

static const char HEX[] = "0123456789ABCDEF";

/* The reply goes out as it is built ("#..." then "*CRC\r\n"), with its CRC kept on the way: no
 * reply buffer, so the protocol fits an ATmega328P's 2 KB of RAM beside the line and the staging. */
static uint16_t out_crc;

static void out_raw(char c)
{
	char b[2] = {c, 0};
	out_crc = crc16(out_crc, (uint8_t)c);
	io->write(b);
}

static void out_str(const char *s)
{
	while (*s)
		out_raw(*s++);
}

/* Percent-encodes bytes outside 0x21..0x7E and those the protocol uses: '%', '*', '@', '#'. */
static void out_value(const uint8_t *v, uint16_t n)
{
	for (uint16_t i = 0; i < n; i++) {
		uint8_t b = v[i];
		if (b <= 0x20 || b >= 0x7f || b == '%' || b == '*' || b == '@' || b == '#') {
			out_raw('%');
			out_raw(HEX[b >> 4]);
			out_raw(HEX[b & 15]);
		} else {
			out_raw((char)b);
		}
	}
}

static void reply_begin(const char *status, const char *cmd)
{
	out_crc = 0xFFFF;
	out_raw('#');
	out_str(status);
	out_raw(' ');
	out_str(cmd);
}

static void reply_send(void)
{
	char tail[8] = {'*', 0, 0, 0, 0, '\r', '\n', 0};
	for (uint8_t i = 0; i < 4; i++)
		tail[1 + i] = HEX[(out_crc >> (12 - 4 * i)) & 15];
	io->write(tail);
}

static void reply_error(const char *cmd, const char *code, const char *why)
{
	reply_begin("ERR", cmd);
	out_raw(' ');
	out_str(code);
	out_raw(' ');
	out_value((const uint8_t *)why, (uint16_t)strlen(why));
	reply_send();
}

static int8_t key_index(const char *k)
{
	for (uint8_t i = 0; i < KEY_COUNT; i++)
		if (strcmp(k, KEYS[i]) == 0)
			return (int8_t)i;
	return -1;
}

static int8_t hexval(char c)
{
	if (c >= '0' && c <= '9')
		return (int8_t)(c - '0');
	if (c >= 'A' && c <= 'F')
		return (int8_t)(c - 'A' + 10);
	if (c >= 'a' && c <= 'f')
		return (int8_t)(c - 'a' + 10);
	return -1;
}

/* Decodes a percent-encoded value in place; returns its length or -1. */
static int16_t decode(char *s)
{
	uint16_t o = 0;
	for (uint16_t i = 0; s[i]; i++) {
		if (s[i] == '%') {
			int8_t h = hexval(s[i + 1]), l = h < 0 ? -1 : hexval(s[i + 2]);
			if (l < 0)
				return -1;
			s[o++] = (char)((h << 4) | l);
			i += 2;
		} else {
			s[o++] = s[i];
		}
	}
	s[o] = 0;
	return (int16_t)o;
}

/* ---- EEPROM record ---------------------------------------------------------------------- */

static uint8_t ee(uint16_t at)
{
	return io->eeprom_read(io->eeprom_base + at);
}

static uint16_t stored_length(void)
{
	if (ee(0) != 'I' || ee(1) != 'P' || ee(2) != 1)
		return 0xFFFF;
	uint16_t n = (uint16_t)(ee(3) | (ee(4) << 8));
	if (n > IOTMP_PROV_SPACE || HEADER + n + 2 > io->eeprom_size)
		return 0xFFFF;
	uint16_t crc = 0xFFFF;
	for (uint16_t i = 0; i < HEADER + n; i++)
		crc = crc16(crc, ee(i));
	if (crc != (uint16_t)(ee(HEADER + n) | (ee(HEADER + n + 1) << 8)))
		return 0xFFFF;
	return n;
}

uint8_t iotmp_prov_stored(void)
{
	return stored_length() != 0xFFFF;
}

/* Offset (in EEPROM) of the stored value of key k and its length; 0xFFFF when absent. */
static uint16_t stored_find(uint8_t k, uint8_t *len)
{
	uint16_t n = stored_length();
	if (n == 0xFFFF)
		return 0xFFFF;
	for (uint16_t at = HEADER; at + 2 <= HEADER + n;) {
		uint8_t key = ee(at), l = ee(at + 1);
		if (key == k) {
			*len = l;
			return at + 2;
		}
		at += 2 + l;
	}
	return 0xFFFF;
}

int16_t iotmp_prov_get(const char *key, char *dest, uint16_t size)
{
	int8_t k = key_index(key);
	uint8_t len;
	uint16_t at = k < 0 ? 0xFFFF : stored_find((uint8_t)k, &len);
	if (at == 0xFFFF || size == 0 || len + 1u > size)
		return -1;
	for (uint8_t i = 0; i < len; i++)
		dest[i] = (char)ee(at + i);
	dest[len] = 0;
	return len;
}

static uint8_t commit(void)
{
	uint16_t crc = 0xFFFF;
	uint8_t header[HEADER] = {'I', 'P', 1, (uint8_t)(staged_len & 0xFF), (uint8_t)(staged_len >> 8)};
	/* Invalidate first: a power loss mid-write leaves "not provisioned", never a mix. */
	io->eeprom_write(io->eeprom_base, 0xFF);
	for (uint16_t i = 0; i < staged_len; i++)
		io->eeprom_write(io->eeprom_base + HEADER + i, staged[i]);
	for (uint8_t i = 0; i < HEADER; i++)
		crc = crc16(crc, header[i]);
	for (uint16_t i = 0; i < staged_len; i++)
		crc = crc16(crc, staged[i]);
	io->eeprom_write(io->eeprom_base + HEADER + staged_len, (uint8_t)(crc & 0xFF));
	io->eeprom_write(io->eeprom_base + HEADER + staged_len + 1, (uint8_t)(crc >> 8));
	for (uint8_t i = HEADER; i-- > 0;)
		io->eeprom_write(io->eeprom_base + i, header[i]);
	if (stored_length() != staged_len)
		return 0;
	for (uint16_t i = 0; i < staged_len; i++)
		if (ee(HEADER + i) != staged[i])
			return 0;
	return 1;
}

/* ---- requests --------------------------------------------------------------------------- */

static void stage(uint8_t k, const char *v, uint8_t n)
{
	/* Drop an earlier value of the same key, then append. */
	for (uint16_t at = 0; at < staged_len;) {
		uint8_t l = staged[at + 1];
		if (staged[at] == k) {
			memmove(staged + at, staged + at + 2 + l, staged_len - at - 2 - l);
			staged_len -= 2 + l;
			continue;
		}
		at += 2 + l;
	}
	staged[staged_len++] = k;
	staged[staged_len++] = n;
	memcpy(staged + staged_len, v, n);
	staged_len += n;
}

static uint16_t staged_without(uint8_t k)
{
	uint16_t n = staged_len;
	for (uint16_t at = 0; at < staged_len; at += 2 + staged[at + 1])
		if (staged[at] == k)
			n -= 2 + staged[at + 1];
	return n;
}

static void handle(char *req)
{
	/* Split "CMD arg1 arg2". */
	char *cmd = req, *a1 = 0, *a2 = 0;
	char *sp = strchr(cmd, ' ');
	if (sp) {
		*sp = 0;
		a1 = sp + 1;
		sp = strchr(a1, ' ');
		if (sp) {
			*sp = 0;
			a2 = sp + 1;
		}
	}

	if (strcmp(cmd, "HELLO") == 0) {
		reply_begin("OK", "HELLO proto=1 fw=");
		out_str(io->firmware);
		out_str(" version=");
		out_str(io->version);
		out_str(" mcu=");
		out_str(io->mcu);
		out_str(iotmp_prov_stored() ? " state=provisioned" : " state=blank");
		out_str(" space=");
		char num[6];
		uint16_t v = IOTMP_PROV_SPACE, d = 10000;
		uint8_t o = 0, started = 0;
		for (; d; d /= 10) {
			uint8_t digit = (uint8_t)(v / d);
			v %= d;
			if (digit || started || d == 1) {
				num[o++] = (char)('0' + digit);
				started = 1;
			}
		}
		num[o] = 0;
		out_str(num);
		reply_send();
		return;
	}
	if (strcmp(cmd, "SET") == 0 || strcmp(cmd, "GET") == 0 || strcmp(cmd, "CHECK") == 0) {
		int8_t k = a1 ? key_index(a1) : -1;
		if (k < 0)
			{ reply_error(cmd, "KEY", "unknown key"); return; }
		if (cmd[0] == 'G') {
			if (SECRET(k))
				{ reply_error(cmd, "SECRET", "secrets are never read back: use CHECK"); return; }
			uint8_t len;
			uint16_t at = stored_find((uint8_t)k, &len);
			if (at == 0xFFFF)
				{ reply_error(cmd, "UNSET", "not stored"); return; }
			reply_begin("OK", "GET ");
			out_str(KEYS[k]);
			out_raw(' ');
			for (uint8_t i = 0; i < len; i++) {
				uint8_t b = ee(at + i);
				out_value(&b, 1);
			}
			reply_send();
			return;
		}
		int16_t n = a2 ? decode(a2) : -1;
		if (n < 0)
			{ reply_error(cmd, "VALUE", "missing or badly encoded value"); return; }
		if (cmd[0] == 'C') {
			uint8_t len, same;
			uint16_t at = stored_find((uint8_t)k, &len);
			same = at != 0xFFFF && len == n;
			for (uint8_t i = 0; same && i < len; i++)
				same = ee(at + i) == (uint8_t)a2[i];
			reply_begin("OK", "CHECK ");
			out_str(KEYS[k]);
			out_str(same ? " match" : " mismatch");
			reply_send();
			return;
		}
		if (n == 0 || n > IOTMP_PROV_VALUE_MAX)
			{ reply_error(cmd, "VALUE", "value must be 1 to 128 bytes"); return; }
		if (staged_without((uint8_t)k) + 2 + n > IOTMP_PROV_SPACE ||
		    HEADER + staged_without((uint8_t)k) + 2 + n + 2 > io->eeprom_size)
			{ reply_error(cmd, "FULL", "no room for this value"); return; }
		stage((uint8_t)k, a2, (uint8_t)n);
		reply_begin("OK", "SET ");
		out_str(KEYS[k]);
		reply_send();
		return;
	}
	if (strcmp(cmd, "COMMIT") == 0) {
		if (staged_len == 0)
			{ reply_error(cmd, "EMPTY", "nothing to store: SET values first"); return; }
		if (!commit())
			{ reply_error(cmd, "STORE", "EEPROM write did not verify"); return; }
		staged_len = 0;
		reply_begin("OK", "COMMIT");
		reply_send();
		return;
	}
	if (strcmp(cmd, "ERASE") == 0) {
		io->eeprom_write(io->eeprom_base, 0xFF);
		staged_len = 0;
		reply_begin("OK", "ERASE");
		reply_send();
		return;
	}
	reply_error(cmd, "CMD", "unknown command");
}

static void on_line(void)
{
	line[line_len] = 0;
	if (line_overflow)
		{ reply_error("?", "LINE", "line too long"); return; }
	/* "@BODY*XXXX": the CRC covers '@' up to the '*'. */
	char *star = strrchr(line, '*');
	if (!star || star - line < 2 || strlen(star) != 5)
		{ reply_error("?", "CRC", "missing checksum"); return; }
	uint16_t crc = 0xFFFF, want = 0;
	for (char *p = line; p < star; p++)
		crc = crc16(crc, (uint8_t)*p);
	for (uint8_t i = 1; i <= 4; i++) {
		int8_t h = hexval(star[i]);
		if (h < 0)
			{ reply_error("?", "CRC", "bad checksum"); return; }
		want = (uint16_t)((want << 4) | (uint8_t)h);
	}
	if (crc != want)
		{ reply_error("?", "CRC", "bad checksum"); return; }
	*star = 0;
	handle(line + 1);
}

void iotmp_prov_feed(char c)
{
	if (c == '\r')
		return;
	if (c == '\n') {
		if (line_len > 0 && line[0] == '@')
			on_line();
		line_len = 0;
		line_overflow = 0;
		return;
	}
	if (line_len < IOTMP_PROV_LINE_MAX)
		line[line_len++] = c;
	else
		line_overflow = 1;
}

void iotmp_prov_init(const iotmp_prov_io *p)
{
	io = p;
	line_len = 0;
	line_overflow = 0;
	staged_len = 0;
}
