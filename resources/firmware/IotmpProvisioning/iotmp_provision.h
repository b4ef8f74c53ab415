/*
 * IoTMP serial provisioning, device side (docs/serial-provisioning.md): a line protocol over the
 * board's serial port that stores the device's identity (host, port, user, device, credential,
 * ssid, psk) in EEPROM. Plain C99, no Arduino core needed: the sketch IotmpProvisioning.ino and
 * the AVR test firmware of IoTMP Studio's tests both build this file.
 */
#ifndef IOTMP_PROVISION_H
#define IOTMP_PROVISION_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bounds (also in the spec): a value's bytes, all values together, one request line. */
#define IOTMP_PROV_VALUE_MAX 128
#define IOTMP_PROV_SPACE 480
#define IOTMP_PROV_LINE_MAX 420

typedef struct {
	/* Sends a NUL-terminated string on the serial port. */
	void (*write)(const char *s);
	/* Byte-wise EEPROM access; the record starts at `eeprom_base`. */
	uint8_t (*eeprom_read)(uint16_t addr);
	void (*eeprom_write)(uint16_t addr, uint8_t value);
	uint16_t eeprom_base;
	uint16_t eeprom_size;
	/* Shown in the HELLO answer. */
	const char *firmware;
	const char *version;
	const char *mcu;
} iotmp_prov_io;

/* Call once at start-up. */
void iotmp_prov_init(const iotmp_prov_io *io);

/* Feed every byte received on the serial port; lines starting with '@' are requests. */
void iotmp_prov_feed(char c);

/* 1 when EEPROM holds a valid identity (magic, version and CRC correct). */
uint8_t iotmp_prov_stored(void);

/*
 * Copies the stored value of `key` ("host", "port", …) into `out` (NUL-terminated, at most
 * `size` bytes including the NUL). Returns its length, or -1 when it is not stored.
 */
int16_t iotmp_prov_get(const char *key, char *out, uint16_t size);

#ifdef __cplusplus
}
#endif
#endif
