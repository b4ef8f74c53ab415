/*
 * Test firmware for the virtual AVR boards (../shared/tools/virtual-board): the IoTMP serial
 * provisioning protocol (resources/firmware/IotmpProvisioning/iotmp_provision.c, the code the
 * Arduino example sketch uses) over USART0 at 115200 8N1, storing to EEPROM. Plain avr-libc, built
 * by the tests with avr-gcc (build.ts). After a reset it prints its banner and what it holds:
 *
 *   BANNER fw=iotmp-prov-test version=1.0.0 mcu=atmega328p
 *   provisioning: stored device=pump-7 host=127.0.0.1:25204      (or: provisioning: blank)
 */
#include <avr/eeprom.h>
#include <avr/io.h>
#include <stdint.h>

#include "iotmp_provision.h"

#ifndef BAUD
#define BAUD 115200
#endif
#define BAUD_TOL 3 /* 115200 at 16 MHz needs U2X (UBRR=16), as Arduino does */
#include <util/setbaud.h>

#define STR2(x) #x
#define STR(x) STR2(x)

static void uart_init(void)
{
	UBRR0H = UBRRH_VALUE;
	UBRR0L = UBRRL_VALUE;
#if USE_2X
	UCSR0A = _BV(U2X0);
#else
	UCSR0A = 0;
#endif
	UCSR0C = _BV(UCSZ01) | _BV(UCSZ00);
	UCSR0B = _BV(RXEN0) | _BV(TXEN0);
}

static void uart_puts(const char *s)
{
	while (*s) {
		loop_until_bit_is_set(UCSR0A, UDRE0);
		UDR0 = (uint8_t)*s++;
	}
}

static uint8_t ee_read(uint16_t addr)
{
	return eeprom_read_byte((const uint8_t *)(uintptr_t)addr);
}

static void ee_write(uint16_t addr, uint8_t value)
{
	eeprom_update_byte((uint8_t *)(uintptr_t)addr, value);
}

static const iotmp_prov_io io = {
	.write = uart_puts,
	.eeprom_read = ee_read,
	.eeprom_write = ee_write,
	.eeprom_base = 0,
	.eeprom_size = E2END + 1,
	.firmware = "iotmp-prov-test",
	.version = "1.0.0",
	.mcu = STR(__AVR_DEVICE_NAME__),
};

/* What the board holds, after the banner; its own frame, so the buffers leave the stack after. */
static void __attribute__((noinline)) print_identity(void)
{
	char device[IOTMP_PROV_VALUE_MAX + 1], host[IOTMP_PROV_VALUE_MAX + 1], port[8];
	if (iotmp_prov_stored() && iotmp_prov_get("device", device, sizeof device) >= 0 &&
	    iotmp_prov_get("host", host, sizeof host) >= 0 &&
	    iotmp_prov_get("port", port, sizeof port) >= 0) {
		uart_puts("provisioning: stored device=");
		uart_puts(device);
		uart_puts(" host=");
		uart_puts(host);
		uart_puts(":");
		uart_puts(port);
		uart_puts("\r\n");
	} else {
		uart_puts("provisioning: blank\r\n");
	}
}

int main(void)
{
	uart_init();
	iotmp_prov_init(&io);
	uart_puts("BANNER fw=iotmp-prov-test version=1.0.0 mcu=" STR(__AVR_DEVICE_NAME__) "\r\n");
	print_identity();
	for (;;) {
		loop_until_bit_is_set(UCSR0A, RXC0);
		iotmp_prov_feed((char)UDR0);
	}
}
