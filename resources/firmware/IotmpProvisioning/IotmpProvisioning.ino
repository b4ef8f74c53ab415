/*
 * IotmpProvisioning: the smallest Arduino sketch that lets IoTMP Studio write a device's identity
 * into an AVR board (Uno, Nano, Mega 2560, …) over USB, and then uses it.
 *
 * The protocol itself is in iotmp_provision.c / .h next to this file (plain C, the same code the
 * app's tests build with avr-gcc and run on emulated Unos and Megas). Its spec is
 * docs/serial-provisioning.md in the IoTMP Studio repository.
 *
 * Open this folder in the Arduino IDE (or `arduino-cli compile -b arduino:avr:uno`), upload it,
 * then run "Provision" in IoTMP Studio on the board's port. Not compiled by the project's build.
 */
#include <EEPROM.h>

#include "iotmp_provision.h"

static void serialWrite(const char *s) { Serial.print(s); }
static uint8_t eepromRead(uint16_t addr) { return EEPROM.read(addr); }
static void eepromWrite(uint16_t addr, uint8_t value) { EEPROM.update(addr, value); }

static const iotmp_prov_io provisioning = {
  serialWrite, eepromRead, eepromWrite,
  0,                  // the identity record starts at EEPROM address 0 …
  E2END + 1,          // … and may use the whole EEPROM (keep your own data above 512 if you store any)
  "my-sensor", "1.0.0",
#if defined(__AVR_ATmega2560__)
  "atmega2560",
#else
  "atmega328p",
#endif
};

char device[IOTMP_PROV_VALUE_MAX + 1];

void setup() {
  Serial.begin(115200);               // the speed IoTMP Studio provisions at
  iotmp_prov_init(&provisioning);
  if (iotmp_prov_get("device", device, sizeof device) >= 0) {
    Serial.print("provisioning: stored device=");
    Serial.println(device);           // never print the credential
  } else {
    Serial.println("provisioning: blank");
  }
}

void loop() {
  while (Serial.available()) iotmp_prov_feed((char)Serial.read());
  // … the sketch's own work; read the identity with iotmp_prov_get("host", buf, sizeof buf) etc.
}
