process.stdout.write('scaffold\n');
